namespace Failover.Core.Health;

public sealed record KubernetesProbeTarget(string Id, string SiteId, TimeSpan Interval, TimeSpan Timeout, Topology.KubernetesTarget Cluster, string? Deployment, int MinAvailableReplicas)
    : ProbeTarget(Id, SiteId, Interval, Timeout);
