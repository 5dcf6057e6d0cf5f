using Failover.Core.Engine;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Core.Decisions;

/// <summary>Quotes the data a promotion of a candidate would lose, from what the engine last observed.</summary>
public static class DataLossQuoter
{
    public static DataLossQuote Quote(Service service, string primarySiteId, MemberObservation? candidate, PrimaryHighWater? primary)
    {
        ArgumentNullException.ThrowIfNull(service);
        var budget = service.Database.Budget;
        if (primary is null)
        {
            return new DataLossQuote(null, null, false, $"primary {primarySiteId} position never observed since the control plane started");
        }

        var replay = candidate?.ReplayLsn ?? candidate?.ReceiveLsn;
        if (candidate is null || replay is null)
        {
            return new DataLossQuote(null, null, false, "candidate replay position unknown");
        }

        var bytes = primary.Lsn.BytesAfter(replay.Value);
        TimeSpan? lagTime = bytes == 0
            ? TimeSpan.Zero
            : candidate.LastReplayedCommitAt is { } committed ? primary.ObservedAt - committed : null;
        if (lagTime < TimeSpan.Zero)
        {
            lagTime = TimeSpan.Zero;
        }

        var within = budget.Allows(bytes, lagTime);
        var age = candidate.ObservedAt - primary.ObservedAt;
        return new DataLossQuote(
            bytes, lagTime, within,
            $"primary {primarySiteId} last seen at {primary.Lsn} ({primary.ObservedAt:O}), candidate replayed {replay.Value} (observed {age.TotalSeconds:0.#} s later)");
    }
}
