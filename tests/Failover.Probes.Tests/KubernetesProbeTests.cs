using Failover.Core.Health;
using Failover.Core.Topology;

namespace Failover.Probes.Tests;

/// <summary>
/// The Kubernetes probe's mapping over its seam. The seam is faked here on purpose: the real client and its tests
/// against a real kube-apiserver belong to the Kubernetes adapter (its own issue).
/// </summary>
public class KubernetesProbeTests
{
    [Theory]
    [InlineData(ProbeFailureReason.None, null, 3, null, 1, ProbeFailureReason.None)]
    [InlineData(ProbeFailureReason.None, "web", 3, 2, 2, ProbeFailureReason.None)]
    [InlineData(ProbeFailureReason.None, "web", 1, 2, 2, ProbeFailureReason.Unavailable)]
    [InlineData(ProbeFailureReason.None, "web", null, null, 1, ProbeFailureReason.Unavailable)]
    [InlineData(ProbeFailureReason.Tls, "web", null, null, 1, ProbeFailureReason.Tls)]
    [InlineData(ProbeFailureReason.Auth, null, null, null, 1, ProbeFailureReason.Auth)]
    public async Task Probe_Report_MapsToReason(ProbeFailureReason apiReason, string? deployment, int? available, int? unused, int min, ProbeFailureReason expected)
    {
        _ = unused;
        var probe = new KubernetesProbe(new Scripted((_, _) => Task.FromResult(new KubernetesHealthReport(apiReason, apiReason == ProbeFailureReason.None ? null : "api says no", available))));

        var result = await probe.RunAsync(Target(deployment, min), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(expected, because: result.Detail);
    }

    [Fact]
    public async Task Probe_ClientHangs_TimesOutWithinItsOwnTimeout()
    {
        var probe = new KubernetesProbe(new Scripted(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new KubernetesHealthReport(ProbeFailureReason.None, null, null);
        }));

        var result = await probe.RunAsync(Target(null, 1, TimeSpan.FromMilliseconds(100)), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Timeout);
    }

    [Fact]
    public async Task Probe_ClientThrows_IsErrorResult()
    {
        var probe = new KubernetesProbe(new Scripted((_, _) => throw new InvalidOperationException("kubeconfig broken")));

        var result = await probe.RunAsync(Target(null, 1), TimeProvider.System, CancellationToken.None);

        result.Reason.Should().Be(ProbeFailureReason.Error);
        result.Detail.Should().Contain("kubeconfig broken");
    }

    private static KubernetesProbeTarget Target(string? deployment, int min, TimeSpan? timeout = null) =>
        new("ent@ovh-sbg/k8s", "ovh-sbg", TimeSpan.FromSeconds(1), timeout ?? TimeSpan.FromSeconds(2), new KubernetesTarget(null, "ent", null), deployment, min);

    private sealed class Scripted(Func<string?, CancellationToken, Task<KubernetesHealthReport>> answer) : IKubernetesHealthClient
    {
        public async ValueTask<KubernetesHealthReport> CheckAsync(KubernetesTarget cluster, string? deployment, CancellationToken cancellationToken) =>
            await answer(deployment, cancellationToken);
    }
}
