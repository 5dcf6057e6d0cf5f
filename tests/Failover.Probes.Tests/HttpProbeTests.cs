using Failover.Core.Health;

namespace Failover.Probes.Tests;

[Collection(EndpointsGroup.Name)]
public sealed class HttpProbeTests(TestEndpoints endpoints) : IDisposable
{
    private readonly HttpProbe _probe = new();

    [Theory]
    [InlineData("/ok", null, ProbeFailureReason.None)]
    [InlineData("/ok", "ok", ProbeFailureReason.None)]
    [InlineData("/fail", null, ProbeFailureReason.Status)]
    [InlineData("/wrong", "ok", ProbeFailureReason.Body)]
    [InlineData("/wrong", null, ProbeFailureReason.None)]
    [InlineData("/missing", null, ProbeFailureReason.Status)]
    [InlineData("/chunked", "is ok here", ProbeFailureReason.None)]
    [InlineData("/chunked", "not there", ProbeFailureReason.Body)]
    [InlineData("/big", "needle", ProbeFailureReason.None)]
    [InlineData("/big", null, ProbeFailureReason.None)]
    public async Task Probe_KestrelEndpoint_GivesReason(string path, string? bodyContains, ProbeFailureReason expected)
    {
        var result = await _probe.RunAsync(Target(new Uri(endpoints.Http, path), bodyContains: bodyContains), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(expected, because: result.Detail);
        result.Latency.Should().BePositive().And.BeLessThan(TimeSpan.FromSeconds(2));
    }

    [Theory]
    [InlineData("/ok", "ok", ProbeFailureReason.None)]
    [InlineData("/fail", null, ProbeFailureReason.Status)]
    [InlineData("/wrong", "ok", ProbeFailureReason.Body)]
    [InlineData("/chunked", "is ok here", ProbeFailureReason.None)]
    public async Task Probe_ReusingConnections_SameVerdictsThroughTheGeneralClient(string path, string? bodyContains, ProbeFailureReason expected)
    {
        using var probe = new HttpProbe(new HttpProbeOptions { ReuseConnections = true });

        var result = await probe.RunAsync(Target(new Uri(endpoints.Http, path), bodyContains: bodyContains), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(expected, because: result.Detail);
        result.Latency.Should().BePositive().And.BeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Probe_ServerError_SaysWhichStatus()
    {
        var result = await _probe.RunAsync(Target(new Uri(endpoints.Http, "/fail")), TimeProvider.System, CancellationToken.None);

        result.Detail.Should().Be("HTTP 500 (expected 200)");
    }

    [Fact]
    public async Task Probe_SlowEndpoint_TimesOutWithinItsOwnTimeout()
    {
        var result = await _probe.RunAsync(Target(new Uri(endpoints.Http, "/slow"), timeout: TimeSpan.FromMilliseconds(300)), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Timeout);
        result.Latency.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250)).And.BeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Probe_ClosedPort_IsRefused()
    {
        var result = await _probe.RunAsync(Target(new Uri($"http://127.0.0.1:{endpoints.ClosedPort}/ok")), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Refused, because: result.Detail);
    }

    [Fact]
    public async Task Probe_PortThatAcceptsButNeverAnswers_TimesOut()
    {
        var result = await _probe.RunAsync(Target(new Uri($"http://127.0.0.1:{endpoints.SilentPort}/ok"), timeout: TimeSpan.FromMilliseconds(300)), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Timeout);
    }

    [Fact]
    public async Task Probe_UntrustedCertificate_FailsWithTlsByDefault()
    {
        var result = await _probe.RunAsync(Target(new Uri(endpoints.Https, "/ok")), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Tls);
        result.Detail.Should().Contain("certificate");
    }

    [Fact]
    public async Task Probe_UntrustedCertificateWithValidationOff_Succeeds()
    {
        var result = await _probe.RunAsync(Target(new Uri(endpoints.Https, "/ok"), bodyContains: "ok", validate: false), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.None, because: result.Detail);
    }

    [Fact]
    public async Task Probe_UnknownHost_IsDns()
    {
        var result = await _probe.RunAsync(Target(new Uri("http://no-such-host.invalid/ok"), timeout: TimeSpan.FromSeconds(5)), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Dns, because: result.Detail);
    }

    [Fact]
    public async Task Probe_CallerCancels_ThrowsOperationCanceledNotATimeoutResult()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var act = async () => await _probe.RunAsync(Target(new Uri(endpoints.Http, "/slow")), TimeProvider.System, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Probe_ManyInParallel_AllSucceedWithFreshConnections()
    {
        // 200 fresh connections at once on a machine that runs other test assemblies too: the bound is for a hang, not a speed.
        var target = Target(new Uri(endpoints.Http, "/ok"), bodyContains: "ok", timeout: TimeSpan.FromSeconds(20));

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => _probe.RunAsync(target, TimeProvider.System, CancellationToken.None).AsTask()));

        results.Should().AllSatisfy(r => r.Reason.Should().Be(ProbeFailureReason.None, because: r.Detail));
    }

    public void Dispose() => _probe.Dispose();

    private static HttpProbeTarget Target(Uri url, string? bodyContains = null, TimeSpan? timeout = null, bool validate = true) =>
        new("ent@lab/http", "lab", TimeSpan.FromSeconds(1), timeout ?? TimeSpan.FromSeconds(2), url, 200, bodyContains, validate);
}
