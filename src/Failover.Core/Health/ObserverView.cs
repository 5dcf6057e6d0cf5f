namespace Failover.Core.Health;

/// <summary>
/// One observer's view of every site it probes, as exchanged between observers. An observer that reaches no site at
/// all suspects itself (<see cref="SelfSuspect"/>) and its view does not vote. <see cref="Sites"/> holds the liveness
/// witnesses only; each service's application health is apart, in <see cref="Applications"/>.
/// </summary>
public sealed record ObserverView(
    string ObserverId,
    DateTimeOffset At,
    bool SelfSuspect,
    string? SelfSuspicionReason,
    IReadOnlyList<SiteObservation> Sites)
{
    /// <summary>Each service's application where this observer probes it (its active site); never part of a site's state.</summary>
    public IReadOnlyList<ApplicationObservation> Applications { get; init; } = [];

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
