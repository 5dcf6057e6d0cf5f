namespace Failover.Core.Health;

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
