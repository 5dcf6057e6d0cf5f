using Failover.Core.Health;
using Failover.Core.Net;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.ControlPlane.Runtime;

/// <summary>What to probe at each site: every service's HTTP health endpoint at the site's ingress, and its database member.</summary>
public static class EstateProbeTargets
{
    public static IReadOnlyList<ProbeTarget> Build(Estate estate)
    {
        ArgumentNullException.ThrowIfNull(estate);
        var targets = new List<ProbeTarget>();
        var clusters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in estate.Services)
        {
            var detection = estate.PolicyOf(service).Detection;
            foreach (var siteId in service.SiteIds)
            {
                var site = estate.Site(siteId);
                if (site.Kubernetes is { } cluster && clusters.Add(siteId))
                {
                    // The site's Kubernetes API, once per site: one more witness of the site (a site is Down only when all are).
                    targets.Add(new KubernetesProbeTarget($"{siteId}/kubernetes", siteId, detection.Interval, Min(detection.Interval * 2, TimeSpan.FromSeconds(3)), cluster, null, 0));
                }

                if (service.Health.Http is { } http)
                {
                    foreach (var address in site.Ingress)
                    {
                        var url = HostUri.For(http.Scheme, address, http.Port, http.Path);
                        targets.Add(new HttpProbeTarget($"{service.Id}@{siteId}/http/{address}", siteId, detection.Interval, http.Timeout, url, http.ExpectedStatus, http.BodyContains));
                    }
                }

                if (site.Postgres.Count > 0)
                {
                    var member = new DatabaseMember(service.Id, siteId, site.Postgres[0], service.Database.Name, service.Database.User, service.Database.Password);
                    targets.Add(new PostgresProbeTarget($"{service.Id}@{siteId}/postgres", siteId, detection.Interval, Min(detection.Interval * 2, TimeSpan.FromSeconds(3)), member, null));
                }
            }
        }

        return targets;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
