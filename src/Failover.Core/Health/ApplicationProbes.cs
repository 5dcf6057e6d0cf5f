using Failover.Core.Topology;

namespace Failover.Core.Health;

/// <summary>
/// Keeps each service's application probed at the site where the service is active: when a switchover or a failover
/// moves its primary, the targets at the old site are dropped (from the scheduler and the model) and the new site's are
/// added. Called from one loop.
/// </summary>
public sealed class ApplicationProbes(Estate estate, ProbeScheduler scheduler, ObserverHealthModel model)
{
    private readonly Dictionary<string, (string SiteId, IReadOnlyList<ProbeTarget> Targets)> _current = new(StringComparer.Ordinal);

    /// <summary>The application targets probed now.</summary>
    public IReadOnlyList<ProbeTarget> Targets => [.. _current.Values.SelectMany(c => c.Targets)];

    /// <summary>Where each service's application is probed now, by service id.</summary>
    public IReadOnlyDictionary<string, string> ActiveSites => _current.ToDictionary(c => c.Key, c => c.Value.SiteId, StringComparer.Ordinal);

    /// <summary>Points each service's application targets at its active site.</summary>
    /// <param name="activeSites">Active site by service id; a service not in it stays where it is probed, or starts at its configured primary.</param>
    public void Follow(IReadOnlyDictionary<string, string> activeSites)
    {
        ArgumentNullException.ThrowIfNull(activeSites);
        foreach (var service in estate.Services)
        {
            var known = _current.TryGetValue(service.Id, out var current);
            var site = activeSites.GetValueOrDefault(service.Id) ?? (known ? current.SiteId : service.PrimarySiteId);
            if (known && current.SiteId == site)
            {
                continue;
            }

            if (known)
            {
                foreach (var old in current.Targets)
                {
                    scheduler.Remove(old.Id);
                    model.RemoveTarget(old.Id);
                }
            }

            var targets = EstateProbeTargets.Application(estate, service, site);
            foreach (var target in targets)
            {
                model.AddTarget(target);
                scheduler.Add(target);
            }

            _current[service.Id] = (site, targets);
        }
    }
}
