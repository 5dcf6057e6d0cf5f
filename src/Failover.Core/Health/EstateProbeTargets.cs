using Failover.Core.Net;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Core.Health;

/// <summary>
/// What to probe. Each site's liveness witnesses — its Kubernetes API, its agent, its ingress (TCP), every service's
/// database member there — make the site's verdict. Each service's application is probed only where the service is
/// active (its primary's site), through that site's ingress addresses but with the service's host name (Host header
/// and TLS server name), and is reported for the service alone: a standby whose application is scaled to zero is a
/// live site and a valid failover candidate.
/// </summary>
public static class EstateProbeTargets
{
    /// <summary>The witnesses of every site plus each service's application at its active site.</summary>
    /// <param name="activeSites">Each service's active site by service id; a service not in it is active at its configured primary.</param>
    public static IReadOnlyList<ProbeTarget> Build(Estate estate, IReadOnlyDictionary<string, string>? activeSites = null)
    {
        ArgumentNullException.ThrowIfNull(estate);
        var targets = new List<ProbeTarget>(Witnesses(estate));
        foreach (var service in estate.Services)
        {
            targets.AddRange(Application(estate, service, activeSites?.GetValueOrDefault(service.Id) ?? service.PrimarySiteId));
        }

        return targets;
    }

    /// <summary>Every site's liveness witnesses, each once per site except the database members (one per service there).</summary>
    public static IReadOnlyList<ProbeTarget> Witnesses(Estate estate)
    {
        ArgumentNullException.ThrowIfNull(estate);
        var targets = new List<ProbeTarget>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(ProbeTarget target)
        {
            if (seen.Add(target.Id))
            {
                targets.Add(target);
            }
        }

        foreach (var service in estate.Services)
        {
            var detection = estate.PolicyOf(service).Detection;
            var timeout = Min(detection.Interval * 2, TimeSpan.FromSeconds(3));
            foreach (var siteId in service.SiteIds)
            {
                var site = estate.Site(siteId);
                if (site.Kubernetes is { } cluster)
                {
                    Add(new KubernetesProbeTarget($"{siteId}/kubernetes", siteId, detection.Interval, timeout, cluster, null, 0));
                }

                if (site.Agent is { } agent)
                {
                    // Reachability only: the agent's API wants the control plane's client certificate, which a probe does not carry.
                    Add(new TcpProbeTarget($"{siteId}/agent", siteId, detection.Interval, timeout, agent.Url.DnsSafeHost, agent.Url.Port));
                }

                if (service.Health.Http is { } http)
                {
                    foreach (var address in site.Ingress)
                    {
                        Add(new TcpProbeTarget($"{siteId}/ingress/{HostUri.Authority(address, http.Port)}", siteId, detection.Interval, timeout, address.ToString(), http.Port));
                    }
                }

                if (site.Postgres.Count > 0)
                {
                    var member = new DatabaseMember(service.Id, siteId, site.Postgres[0], service.Database.Name, service.Database.User, service.Database.Password);
                    Add(new PostgresProbeTarget($"{service.Id}@{siteId}/postgres", siteId, detection.Interval, timeout, member, null));
                }
            }
        }

        return targets;
    }

    /// <summary>The service's application at one site: its HTTP check at each ingress address, for the service's host name.</summary>
    public static IReadOnlyList<ProbeTarget> Application(Estate estate, Service service, string siteId)
    {
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(service);
        if (service.Health.Http is not { } http)
        {
            return [];
        }

        var detection = estate.PolicyOf(service).Detection;
        var hostName = HostNameOf(service);
        return [.. estate.Site(siteId).Ingress.Select(address => (ProbeTarget)new HttpProbeTarget(
            $"{service.Id}@{siteId}/http/{address}", siteId, detection.Interval, http.Timeout, HostUri.For(http.Scheme, address, http.Port, http.Path), http.ExpectedStatus, http.BodyContains)
        {
            ServiceId = service.Id,
            HostName = hostName,
        })];
    }

    /// <summary>The name clients use for the service: its public DNS name without the root dot.</summary>
    public static string HostNameOf(Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Traffic.DnsName.TrimEnd('.');
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
