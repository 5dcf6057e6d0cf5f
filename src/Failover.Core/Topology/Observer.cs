namespace Failover.Core.Topology;

/// <summary>A control-plane instance that probes; observers sit in different failure domains and vote on site loss.</summary>
public sealed record Observer(string Id, string FailureDomain, Uri? Url)
{
    /// <summary>
    /// The one observer whose control plane may act (its replicas elect a leader among themselves); the others only
    /// observe. A Lease elects within one cluster, and each cluster would keep its own journal and epochs: two acting
    /// observers could each promote a different standby.
    /// </summary>
    public bool Acts { get; init; }
}
