namespace Failover.Core.Health;

/// <summary>How one observer sees one site: the aggregate of its targets.</summary>
/// <param name="State">Down only when every target with a result is Down; Flapping when a target flaps.</param>
/// <param name="Since">When this observer's view of the site entered <paramref name="State"/>.</param>
/// <param name="UnhealthyFor">For Down: the least unhealthy time of its targets (how long the whole site has been failing).</param>
public sealed record SiteObservation(
    string SiteId,
    HealthState State,
    DateTimeOffset Since,
    TimeSpan UnhealthyFor,
    IReadOnlyList<TargetObservation> Targets);

/// <summary>
/// One observer's view of every site it probes, as exchanged between observers. An observer that reaches no site at
/// all suspects itself (<see cref="SelfSuspect"/>) and its view does not vote.
/// </summary>
public sealed record ObserverView(
    string ObserverId,
    DateTimeOffset At,
    bool SelfSuspect,
    string? SelfSuspicionReason,
    IReadOnlyList<SiteObservation> Sites)
{
    public SiteObservation? Site(string siteId)
    {
        foreach (var site in Sites)
        {
            if (site.SiteId == siteId)
            {
                return site;
            }
        }

        return null;
    }
}
