using Failover.Core.Topology;

namespace Failover.Core.Health;

/// <summary>
/// The seam the Kubernetes probe talks through: is the cluster's API reachable, and how many replicas of a Deployment
/// are available. The Kubernetes adapter implements it with the real client; it returns a report for every failure
/// (Reason dns, refused, timeout, tls, auth…) and honors the cancellation token, which carries the probe's timeout.
/// </summary>
public interface IKubernetesHealthClient
{
    ValueTask<KubernetesHealthReport> CheckAsync(KubernetesTarget cluster, string? deployment, CancellationToken cancellationToken);
}
