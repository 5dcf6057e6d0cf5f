using Failover.Core.Health;

namespace Failover.Simulation;

/// <summary>
/// The simulated health engine: a site is Down for an observer it cannot reach; Lost when a quorum (2 of 3) has
/// seen it Down continuously for the grace period; the mass-failure brake trips when more than half the sites are Lost.
/// </summary>
internal sealed class SimHealth(SimWorld world)
{
    private readonly Dictionary<string, DateTimeOffset> _downSince = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _healthySince = new(StringComparer.Ordinal);

    public IReadOnlyList<SiteVerdict> Current { get; private set; } = [];

    public IReadOnlyList<SiteVerdict> Evaluate()
    {
        var now = world.Now;
        var provisional = new List<(string Site, List<string> Down, HealthState State, DateTimeOffset Since, bool Quorum)>();
        foreach (var site in SimEstate.SiteIds)
        {
            var down = SimEstate.ObserverIds.Where(o => !world.ObserverSees(o, site)).ToList();
            if (down.Count >= 2)
            {
                _healthySince.Remove(site);
                if (!_downSince.TryGetValue(site, out var since))
                {
                    _downSince[site] = since = now;
                }

                var lost = now - since >= SimEstate.Grace;
                provisional.Add((site, down, lost ? HealthState.Lost : HealthState.Down, since, lost));
            }
            else
            {
                _downSince.Remove(site);
                if (!_healthySince.TryGetValue(site, out var since))
                {
                    _healthySince[site] = since = now;
                }

                provisional.Add((site, down, HealthState.Healthy, since, false)); // a minority of observers down: the quorum says healthy
            }
        }

        var lostCount = provisional.Count(p => p.State == HealthState.Lost);
        var brake = lostCount * 2 > provisional.Count ? $"mass failure: {lostCount} of {provisional.Count} sites lost" : null;
        Current = provisional.Select(p => new SiteVerdict(
            p.Site, p.State, p.Since, p.State == HealthState.Healthy ? TimeSpan.Zero : now - p.Since, p.Quorum, brake,
            new VerdictEvidence(p.Down, SimEstate.ObserverIds, new Dictionary<string, string>(),
                p.Down.ToDictionary(o => $"{o}->{p.Site}", _ => "unreachable")))).ToList();
        return Current;
    }
}
