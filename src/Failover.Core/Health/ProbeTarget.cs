namespace Failover.Core.Health;

/// <summary>Something to probe at one site; <see cref="Id"/> is unique in the estate (e.g. <c>ent-grand-est@ovh-sbg/http</c>).</summary>
public abstract record ProbeTarget(string Id, string SiteId, TimeSpan Interval, TimeSpan Timeout);

public sealed record HttpProbeTarget(
    string Id, string SiteId, TimeSpan Interval, TimeSpan Timeout, Uri Url, int ExpectedStatus, string? BodyContains, bool ValidateCertificate = true)
    : ProbeTarget(Id, SiteId, Interval, Timeout);

public sealed record TcpProbeTarget(string Id, string SiteId, TimeSpan Interval, TimeSpan Timeout, string Host, int Port)
    : ProbeTarget(Id, SiteId, Interval, Timeout);

public sealed record PostgresProbeTarget(string Id, string SiteId, TimeSpan Interval, TimeSpan Timeout, Replication.DatabaseMember Member, Replication.DatabaseRole? ExpectedRole)
    : ProbeTarget(Id, SiteId, Interval, Timeout);

public sealed record KubernetesProbeTarget(string Id, string SiteId, TimeSpan Interval, TimeSpan Timeout, Topology.KubernetesTarget Cluster, string? Deployment, int MinAvailableReplicas)
    : ProbeTarget(Id, SiteId, Interval, Timeout);
