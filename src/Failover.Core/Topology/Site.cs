using System.Net;

namespace Failover.Core.Topology;

/// <summary>One failure domain: a datacenter of a provider, with its PostgreSQL instances and public ingress.</summary>
public sealed record Site(
    string Id,
    string ProviderId,
    string Location,
    string FailureDomain,
    IReadOnlyList<HostEndpoint> Postgres,
    IReadOnlyList<IPAddress> Ingress,
    KubernetesTarget? Kubernetes,
    int Capacity)
{
    /// <summary>The site agent beside the site's PostgreSQL member, or null when the site runs none.</summary>
    public SiteAgentSpec? Agent { get; init; }
}
