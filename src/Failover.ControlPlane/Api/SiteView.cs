using Failover.Core.Topology;

namespace Failover.ControlPlane.Api;

public sealed record SiteView(string Id, string Provider, string Location, string FailureDomain, IReadOnlyList<string> Postgres, IReadOnlyList<string> Ingress)
{
    public static SiteView From(Site site) =>
        new(site.Id, site.ProviderId, site.Location, site.FailureDomain, site.Postgres.Select(p => p.ToString()).ToList(), site.Ingress.Select(a => a.ToString()).ToList());
}
