using Failover.Core.Health;

namespace Failover.Probes.Tests;

[Collection(EndpointsGroup.Name)]
public sealed class TcpProbeTests(TestEndpoints endpoints)
{
    private readonly TcpProbe _probe = new();

    [Fact]
    public async Task Probe_ListeningPort_Connects()
    {
        var result = await _probe.RunAsync(Target("127.0.0.1", endpoints.Http.Port), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.None, because: result.Detail);
    }

    [Fact]
    public async Task Probe_PortThatAcceptsButNeverAnswers_ConnectsAnyway()
    {
        var result = await _probe.RunAsync(Target("127.0.0.1", endpoints.SilentPort), TimeProvider.System, CancellationToken.None);

        result.Succeeded.Should().BeTrue(because: "a TCP probe only checks the handshake");
    }

    [Fact]
    public async Task Probe_ClosedPort_IsRefused()
    {
        var result = await _probe.RunAsync(Target("127.0.0.1", endpoints.ClosedPort), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Refused);
    }

    [Fact]
    public async Task Probe_UnknownHost_IsDns()
    {
        var result = await _probe.RunAsync(Target("no-such-host.invalid", 5432), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Dns, because: result.Detail);
    }

    private static TcpProbeTarget Target(string host, int port, TimeSpan? timeout = null) =>
        new("ent@lab/tcp", "lab", TimeSpan.FromSeconds(1), timeout ?? TimeSpan.FromSeconds(2), host, port);
}
