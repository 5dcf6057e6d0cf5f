using System.Globalization;
using Failover.Core.Agents;
using Failover.Core.Replication;

namespace Failover.Core.Engine;

/// <summary>
/// The evidence data-loss quotes rest on: the latest observation of each member, the freshest evidence of each service's
/// primary position, what each standby is known to have flushed, and when it last streamed and was last caught up. Site
/// agents' reports (the lease renewer's replies) count as evidence beside the engine's own observations, stamped with
/// the time the control plane received them (never later than the agent's own clock says). Lives in memory; after a
/// restart positions are unknown until observed again (quotes are then "unknown", which is never within budget).
/// Thread-safe: the lease renewer reports from its own timer.
/// </summary>
public sealed class ObservationCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Service, string Site), MemberObservation> _latest = [];
    private readonly Dictionary<(string Service, string Site), MemberObservation> _lastReachable = [];
    private readonly Dictionary<string, PrimaryHighWater> _primary = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Service, string Site), (AgentStatus Status, DateTimeOffset At)> _reports = [];
    private readonly Dictionary<(string Service, string Site), Trail> _trails = [];
    private readonly Dictionary<string, string> _trailPrimary = new(StringComparer.Ordinal);

    public MemberObservation? Latest(string serviceId, string siteId)
    {
        lock (_gate)
        {
            return _latest.GetValueOrDefault((serviceId, siteId));
        }
    }

    /// <summary>The latest observation of the member in which it answered (what it looked like before it went silent).</summary>
    public MemberObservation? LastReachable(string serviceId, string siteId)
    {
        lock (_gate)
        {
            return _lastReachable.GetValueOrDefault((serviceId, siteId));
        }
    }

    /// <summary>
    /// The freshest direct evidence of <paramref name="primarySiteId"/>'s position while it was the service's primary: the
    /// engine's observations or its agent's last report, whichever is later; the position is the highest either saw.
    /// </summary>
    public PrimaryHighWater? PrimaryPosition(string serviceId, string primarySiteId)
    {
        lock (_gate)
        {
            return PrimaryPositionLocked(serviceId, primarySiteId);
        }
    }

    /// <summary>The time of the latest evidence about the service: the engine observes every member before it decides, so this is "now" for a quote.</summary>
    public DateTimeOffset? AsOf(string serviceId)
    {
        lock (_gate)
        {
            DateTimeOffset? latest = null;
            foreach (var (key, seen) in _latest)
            {
                if (key.Service == serviceId && (latest is null || seen.ObservedAt > latest))
                {
                    latest = seen.ObservedAt;
                }
            }

            return latest;
        }
    }

    /// <summary>What is known of how far <paramref name="siteId"/> has got behind <paramref name="primarySiteId"/>.</summary>
    public StandbyEvidence Standby(string serviceId, string siteId, string primarySiteId)
    {
        lock (_gate)
        {
            Lsn? best = null;
            var basis = "never observed";
            void Consider(Lsn? lsn, Func<string> why)
            {
                if (lsn is { } l && (best is null || l > best))
                {
                    best = l;
                    basis = why();
                }
            }

            if (_lastReachable.GetValueOrDefault((serviceId, siteId)) is { Role: DatabaseRole.Standby } own)
            {
                Consider(own.AcknowledgedLsn, () => $"flushed {own.AcknowledgedLsn} by its own observation at {Stamp(own.ObservedAt)}");
            }

            if (_reports.GetValueOrDefault((serviceId, siteId)) is { Status.Member.Role: DatabaseRole.Standby } mine)
            {
                Consider(Max(mine.Status.Member.Flush, mine.Status.Member.Receive), () => $"flushed {Max(mine.Status.Member.Flush, mine.Status.Member.Receive)} by its agent's report at {Stamp(mine.At)}");
            }

            if (PrimaryPositionLocked(serviceId, primarySiteId)?.ReplicaOf(siteId) is { } row && row.Positions.Flush > Lsn.Zero)
            {
                var at = PrimaryPositionLocked(serviceId, primarySiteId)!.ObservedAt;
                Consider(row.Positions.Flush, () => $"flushed {row.Positions.Flush} by the primary's pg_stat_replication at {Stamp(at)}");
            }

            var trail = _trailPrimary.GetValueOrDefault(serviceId) == primarySiteId ? _trails.GetValueOrDefault((serviceId, siteId)) : null;
            return new StandbyEvidence(best, basis, trail?.CaughtUpAt, trail?.LastStreamingAt);
        }
    }

    /// <summary>Restores a primary position journaled before a restart (never lowers a fresher one).</summary>
    public void Seed(string serviceId, string primarySiteId, Lsn lsn, DateTimeOffset observedAt)
    {
        lock (_gate)
        {
            var previous = _primary.GetValueOrDefault(serviceId) is { } p && p.SiteId == primarySiteId ? p : null;
            if (previous is null || lsn > previous.Lsn)
            {
                _primary[serviceId] = new PrimaryHighWater(primarySiteId, lsn, previous is { } x && x.ObservedAt > observedAt ? x.ObservedAt : observedAt, previous?.SystemIdentifier)
                {
                    Source = "journaled",
                    Replicas = previous?.Replicas ?? [],
                };
            }
        }
    }

    public void Record(MemberObservation observation, string committedPrimarySiteId)
    {
        ArgumentNullException.ThrowIfNull(observation);
        lock (_gate)
        {
            var serviceId = observation.Member.ServiceId;
            var key = (serviceId, observation.Member.SiteId);
            StartTrails(serviceId, committedPrimarySiteId);
            _latest[key] = observation;
            if (!observation.Reachable)
            {
                return;
            }

            _lastReachable[key] = observation;
            if (observation.Role == DatabaseRole.Primary && observation.Member.SiteId == committedPrimarySiteId && observation.CurrentLsn is { } lsn)
            {
                var previous = _primary.GetValueOrDefault(serviceId) is { } p && p.SiteId == committedPrimarySiteId ? p : null;
                _primary[serviceId] = new PrimaryHighWater(
                    committedPrimarySiteId, previous is { } x && x.Lsn > lsn ? x.Lsn : lsn, observation.ObservedAt, observation.SystemIdentifier ?? previous?.SystemIdentifier)
                {
                    Replicas = observation.Replicas,
                    Fenced = observation.Fenced,
                };
                FollowReplicas(serviceId, lsn, observation.ObservedAt, observation.Replicas);
            }
            else if (observation.Role == DatabaseRole.Standby)
            {
                FollowStandby(serviceId, observation.Member.SiteId, committedPrimarySiteId, observation.AcknowledgedLsn, observation.WalReceiverStreaming, observation.ObservedAt);
            }
        }
    }

    /// <summary>
    /// A site agent's report on its member, received at <paramref name="receivedAt"/> on the control plane's clock: evidence
    /// of the member's position, stamped with the earlier of that time and the agent's own.
    /// </summary>
    public void Report(AgentStatus status, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_gate)
        {
            var at = status.ReportedAt < receivedAt ? status.ReportedAt : receivedAt;
            var key = (status.ServiceId, status.SiteId);
            if (_reports.TryGetValue(key, out var previous) && previous.At > at)
            {
                return;
            }

            _reports[key] = (status, at);
            var member = status.Member;
            if (member.Role == DatabaseRole.Primary && member.Current is { } current)
            {
                FollowReplicas(status.ServiceId, current, at, Replicas(member));
            }
            else if (member.Role == DatabaseRole.Standby && _trailPrimary.GetValueOrDefault(status.ServiceId) is { } primary)
            {
                FollowStandby(status.ServiceId, status.SiteId, primary, Max(member.Flush, member.Receive), member.ReceiverStreaming, at);
            }
        }
    }

    private PrimaryHighWater? PrimaryPositionLocked(string serviceId, string primarySiteId)
    {
        var observed = _primary.GetValueOrDefault(serviceId) is { } hw && hw.SiteId == primarySiteId ? hw : null;
        if (_reports.GetValueOrDefault((serviceId, primarySiteId)) is not { Status.Member: { Role: DatabaseRole.Primary, Current: { } current } } report)
        {
            return observed;
        }

        if (observed is not null && observed.ObservedAt >= report.At)
        {
            return current > observed.Lsn ? observed with { Lsn = current } : observed;
        }

        return new PrimaryHighWater(primarySiteId, observed is { } o && o.Lsn > current ? o.Lsn : current, report.At, observed?.SystemIdentifier)
        {
            Replicas = Replicas(report.Status.Member),
            Source = "its agent's report",
            Fenced = report.Status.Fenced,
        };
    }

    /// <summary>The standby trails are about one primary: a new primary starts them afresh.</summary>
    private void StartTrails(string serviceId, string committedPrimarySiteId)
    {
        if (_trailPrimary.GetValueOrDefault(serviceId) == committedPrimarySiteId)
        {
            return;
        }

        _trailPrimary[serviceId] = committedPrimarySiteId;
        foreach (var key in _trails.Keys.Where(k => k.Service == serviceId).ToList())
        {
            _trails.Remove(key);
        }
    }

    /// <summary>The primary's view of its replicas: who streams, and who has flushed everything it had written.</summary>
    private void FollowReplicas(string serviceId, Lsn primaryLsn, DateTimeOffset at, IReadOnlyList<ReplicaObservation> replicas)
    {
        var sites = _latest.Keys.Where(k => k.Service == serviceId).Select(k => k.Site).ToList();
        foreach (var row in replicas)
        {
            if (sites.FirstOrDefault(s => ReplicaNames.Names(row.ApplicationName, s)) is not { } site)
            {
                continue;
            }

            var trail = TrailOf(serviceId, site);
            if (row.Synchronous || string.Equals(row.State, "streaming", StringComparison.OrdinalIgnoreCase))
            {
                trail.Streamed(at);
            }

            if (row.Positions.Flush >= primaryLsn)
            {
                trail.CaughtUp(at);
            }
        }
    }

    private void FollowStandby(string serviceId, string siteId, string primarySiteId, Lsn? acknowledged, bool streaming, DateTimeOffset at)
    {
        var trail = TrailOf(serviceId, siteId);
        if (streaming)
        {
            trail.Streamed(at);
        }

        if (acknowledged is { } ack && PrimaryPositionLocked(serviceId, primarySiteId) is { } primary && ack >= primary.Lsn)
        {
            trail.CaughtUp(primary.ObservedAt);
        }
    }

    private Trail TrailOf(string serviceId, string siteId)
    {
        if (!_trails.TryGetValue((serviceId, siteId), out var trail))
        {
            _trails[(serviceId, siteId)] = trail = new Trail();
        }

        return trail;
    }

    private static List<ReplicaObservation> Replicas(AgentMemberView member) =>
        member.Replicas.Select(r => new ReplicaObservation(
            r.Name, null, "", r.SyncState, new ReplicaPositions(r.Flush ?? Lsn.Zero, r.Flush ?? Lsn.Zero, r.Replay ?? Lsn.Zero, null, 0))).ToList();

    private static Lsn? Max(Lsn? a, Lsn? b) => a is { } x && b is { } y ? (x > y ? x : y) : a ?? b;

    private static string Stamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private sealed class Trail
    {
        public DateTimeOffset? CaughtUpAt { get; private set; }

        public DateTimeOffset? LastStreamingAt { get; private set; }

        public void CaughtUp(DateTimeOffset at) => CaughtUpAt = CaughtUpAt is { } c && c > at ? c : at;

        public void Streamed(DateTimeOffset at) => LastStreamingAt = LastStreamingAt is { } s && s > at ? s : at;
    }
}
