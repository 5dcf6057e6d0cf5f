using Failover.Core.Health;
using Microsoft.Extensions.Logging;

namespace Failover.Probes;

/// <summary>
/// Kubernetes probe over <see cref="IKubernetesHealthClient"/>: API reachable and, when a Deployment is named, at least
/// the target's minimum of available replicas (else Unavailable).
/// </summary>
internal sealed class KubernetesProbe(IKubernetesHealthClient client) : IProbe
{
    public bool CanProbe(ProbeTarget target) => target is KubernetesProbeTarget;

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var k8s = (KubernetesProbeTarget)target;
        var report = await client.CheckAsync(k8s.Cluster, k8s.Deployment, cancellationToken);
        return report.Reason != ProbeFailureReason.None
            ? ProbeOutcome.Fail(report.Reason, report.Detail ?? "Kubernetes API check failed")
            : k8s.Deployment is null
                ? ProbeOutcome.Ok("API reachable")
                : report.AvailableReplicas is not { } available
                    ? ProbeOutcome.Fail(ProbeFailureReason.Unavailable, $"deployment {k8s.Deployment} not found")
                    : available < k8s.MinAvailableReplicas
                        ? ProbeOutcome.Fail(ProbeFailureReason.Unavailable, $"deployment {k8s.Deployment}: {available} available, {k8s.MinAvailableReplicas} required")
                        : ProbeOutcome.Ok($"deployment {k8s.Deployment}: {available} available");
    }
}
