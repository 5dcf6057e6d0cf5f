using Failover.Core.Replication;

namespace Failover.Core.Engine;

/// <summary>
/// The latest observation of each member, and the highest position seen on each service's primary: the basis of
/// data-loss quotes. Lives in memory; after a restart positions are unknown until observed again (quotes are then
/// "unknown", which is never within budget).
/// </summary>
public sealed class ObservationCache
{
    private readonly Dictionary<(string Service, string Site), MemberObservation> _latest = [];
    private readonly Dictionary<(string Service, string Site), MemberObservation> _lastReachable = [];
    private readonly Dictionary<string, PrimaryHighWater> _primary = new(StringComparer.Ordinal);

    public MemberObservation? Latest(string serviceId, string siteId) => _latest.GetValueOrDefault((serviceId, siteId));

    /// <summary>The latest observation of the member in which it answered (what it looked like before it went silent).</summary>
    public MemberObservation? LastReachable(string serviceId, string siteId) => _lastReachable.GetValueOrDefault((serviceId, siteId));

    /// <summary>The highest position seen on <paramref name="primarySiteId"/> while it was the service's primary.</summary>
    public PrimaryHighWater? PrimaryPosition(string serviceId, string primarySiteId) =>
        _primary.TryGetValue(serviceId, out var hw) && hw.SiteId == primarySiteId ? hw : null;

    /// <summary>Restores a primary position journaled before a restart (never lowers a fresher one).</summary>
    public void Seed(string serviceId, string primarySiteId, Lsn lsn, DateTimeOffset observedAt)
    {
        var previous = PrimaryPosition(serviceId, primarySiteId);
        if (previous is null || lsn > previous.Lsn)
        {
            _primary[serviceId] = new PrimaryHighWater(primarySiteId, lsn, observedAt, previous?.SystemIdentifier);
        }
    }

    public void Record(MemberObservation observation, string committedPrimarySiteId)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var key = (observation.Member.ServiceId, observation.Member.SiteId);
        _latest[key] = observation;
        if (observation.Reachable)
        {
            _lastReachable[key] = observation;
        }

        if (observation.Reachable && observation.Role == DatabaseRole.Primary && observation.Member.SiteId == committedPrimarySiteId
            && observation.CurrentLsn is { } lsn)
        {
            var previous = PrimaryPosition(observation.Member.ServiceId, committedPrimarySiteId);
            if (previous is null || lsn >= previous.Lsn)
            {
                _primary[observation.Member.ServiceId] = new PrimaryHighWater(committedPrimarySiteId, lsn, observation.ObservedAt, observation.SystemIdentifier);
            }
        }
    }
}
