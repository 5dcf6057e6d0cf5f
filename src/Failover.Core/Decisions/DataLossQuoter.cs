using System.Globalization;
using Failover.Core.Engine;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Core.Decisions;

/// <summary>
/// Quotes the acknowledged data a promotion of a candidate would lose. The candidate keeps what it flushed (the position
/// it acknowledges to its primary, not what it replayed); it loses everything up to the highest position known to exist:
/// the primary's last position, or another standby's flushed position when that is further (WAL is one line, so any
/// standby's position is one the primary reached).
/// <list type="bullet">
/// <item>Async: the primary acknowledges commits alone, so the quote is only as good as the freshest direct evidence of its
/// position (the engine's observation, or its site agent's report). When that is older than the policy's detection
/// window (<see cref="DetectionWindow"/>: as long as detection takes) and the primary was not fenced then, it may have committed
/// since: the quote is "unknown, at least X bytes", never within budget.</item>
/// <item>Sync: a standby that was synchronous (<c>sync</c>, or <c>quorum</c> for ANY n) at the last evidence of the primary
/// holds every commit the primary acknowledged while it streamed, however old that evidence is. Its time lag is how long
/// before the primary was last known to be sending WAL (to anyone) it stopped streaming; the budget's maxLagSeconds
/// (<see cref="RpoBudget.DefaultSyncMaxLag"/> when unset) bounds it. A standby that was not synchronous is never within
/// budget, nor a quorum standby while another standby of the quorum is unreachable (it may hold commits this one lacks).</item>
/// <item>Lag in seconds is zero for a standby at the highest known position; otherwise it is how long before the last
/// evidence of the primary the standby was last caught up (so an idle primary makes no lag).</item>
/// </list>
/// </summary>
public static class DataLossQuoter
{
    /// <summary>A probe's timeout and the engine's bounded observation, both within the first failed probe's report.</summary>
    public static readonly TimeSpan DetectionSlack = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How old the direct evidence of an async primary's position may be for a quote to rest on it: as long as detection
    /// takes — failures to Down at the probe interval, one more interval for the verdict, the grace period, and
    /// <see cref="DetectionSlack"/>. A primary last seen just before it failed is quoted from that sighting; one the control
    /// plane had lost sight of before its site was even suspected may have committed unseen.
    /// </summary>
    public static TimeSpan DetectionWindow(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var detection = policy.Detection;
        return detection.GracePeriod + (detection.Interval * (detection.FailuresToDown + 1)) + DetectionSlack;
    }

    public static DataLossQuote Quote(Service service, Policy policy, string primarySiteId, string candidateSiteId, ObservationCache observations)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(observations);
        var primary = observations.PrimaryPosition(service.Id, primarySiteId);
        if (primary is null)
        {
            return DataLossQuote.UnknownAtLeast(null, $"primary {primarySiteId} position never observed since the control plane started");
        }

        var candidate = observations.Standby(service.Id, candidateSiteId, primarySiteId);
        if (candidate.Acknowledged is not { } acknowledged)
        {
            return DataLossQuote.UnknownAtLeast(null, $"{candidateSiteId}: flushed position unknown");
        }

        var (mark, markBasis, aliveUntil) = HighestKnown(service, primarySiteId, candidateSiteId, primary, observations);
        var behind = mark.BytesAfter(acknowledged);
        var now = observations.AsOf(service.Id) ?? primary.ObservedAt;
        var age = now - primary.ObservedAt;
        var evidence = Text($"primary {primarySiteId} last seen at {primary.Lsn} ({primary.Source}, {age.TotalSeconds:0.#} s before the quote{(primary.Fenced ? ", fenced" : "")})");
        var basis = $"{evidence}; {markBasis}; {candidateSiteId} {candidate.AcknowledgedBasis}";
        if (service.Database.Replication == ReplicationMode.Sync)
        {
            return QuoteSync(service, primary, candidateSiteId, candidate, behind, aliveUntil, basis, observations);
        }

        var window = DetectionWindow(policy);
        if (age > window && !primary.Fenced)
        {
            return DataLossQuote.UnknownAtLeast(
                behind, Text($"the primary may have committed since it was last seen, {age.TotalSeconds:0.#} s ago, beyond the {window.TotalSeconds:0.#} s detection window; {basis}"));
        }

        var lagTime = LagTime(behind, primary, candidate, observations.LastReachable(service.Id, candidateSiteId));
        return new DataLossQuote(behind, lagTime, service.Database.Budget.Allows(behind, lagTime), basis);
    }

    private static DataLossQuote QuoteSync(
        Service service, PrimaryHighWater primary, string candidateSiteId, StandbyEvidence candidate, long behind, DateTimeOffset aliveUntil, string basis,
        ObservationCache observations)
    {
        var row = primary.ReplicaOf(candidateSiteId);
        if (row is not { Synchronous: true })
        {
            return new DataLossQuote(behind, null, false, Text(
                $"{candidateSiteId} was {(row is null ? "not streaming" : $"'{row.SyncState}'")} at the last evidence of the primary ({primary.ObservedAt:O}): a synchronous service promotes automatically only a standby that was synchronous; {basis}"));
        }

        if (row.Quorum)
        {
            var absent = primary.Replicas
                .Where(r => r.Quorum && !ReplicaNames.Names(r.ApplicationName, candidateSiteId))
                .Select(r => service.StandbySiteIds.FirstOrDefault(s => ReplicaNames.Names(r.ApplicationName, s)))
                .OfType<string>()
                .Where(s => observations.Latest(service.Id, s) is not { Reachable: true })
                .ToList();
            if (absent.Count > 0)
            {
                return DataLossQuote.UnknownAtLeast(behind, $"{string.Join(", ", absent)}, also in the quorum, cannot be read: it may hold acknowledged commits {candidateSiteId} lacks; {basis}");
            }
        }

        var stoppedFor = candidate.LastStreamingAt is { } streamed && aliveUntil > streamed ? aliveUntil - streamed : TimeSpan.Zero;
        var budget = service.Database.Budget.MaxLagTime is null ? service.Database.Budget with { MaxLagTime = RpoBudget.DefaultSyncMaxLag } : service.Database.Budget;
        return new DataLossQuote(behind, stoppedFor, budget.Allows(behind, stoppedFor), Text(
            $"{candidateSiteId} was '{row.SyncState}' at the last evidence of the primary and streamed until {stoppedFor.TotalSeconds:0.#} s before the primary's last known activity (budget {budget.MaxLagTime!.Value.TotalSeconds:0.#} s); {basis}"));
    }

    /// <summary>
    /// The highest position known to exist and since when the primary is known to have been sending WAL: its own last
    /// position, or another standby's flushed one; the latest of its last sighting and any other standby's last streaming.
    /// </summary>
    private static (Lsn Mark, string Basis, DateTimeOffset AliveUntil) HighestKnown(
        Service service, string primarySiteId, string candidateSiteId, PrimaryHighWater primary, ObservationCache observations)
    {
        var mark = primary.Lsn;
        var basis = $"highest known position {primary.Lsn} (the primary's)";
        var aliveUntil = primary.ObservedAt;
        foreach (var site in service.SiteIds.Where(s => s != primarySiteId && s != candidateSiteId))
        {
            var other = observations.Standby(service.Id, site, primarySiteId);
            if (other.Acknowledged is { } lsn && lsn > mark)
            {
                mark = lsn;
                basis = $"highest known position {lsn} ({site} {other.AcknowledgedBasis})";
            }

            if (other.LastStreamingAt is { } streamed && streamed > aliveUntil)
            {
                aliveUntil = streamed;
            }
        }

        return (mark, basis, aliveUntil);
    }

    /// <summary>Zero at the highest known position; else how long before the primary's last sighting the candidate was last caught up.</summary>
    private static TimeSpan? LagTime(long behind, PrimaryHighWater primary, StandbyEvidence candidate, MemberObservation? seen)
    {
        if (behind == 0)
        {
            return TimeSpan.Zero;
        }

        // Everything the candidate lacks was written after it was last caught up, or at worst after the last
        // transaction it replayed; an unknown start is an unknown lag.
        var since = candidate.CaughtUpAt ?? seen?.LastReplayedCommitAt;
        return since is { } s ? (primary.ObservedAt > s ? primary.ObservedAt - s : TimeSpan.Zero) : null;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
