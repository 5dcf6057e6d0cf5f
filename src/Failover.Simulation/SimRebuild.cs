using Failover.Core;
using Failover.Core.Operations;
using Failover.Core.Replication;

namespace Failover.Simulation;

/// <summary>Rebuilds a simulated member as a standby of the primary (the effect of pg_rewind or pg_basebackup).</summary>
internal sealed class SimRebuild(SimWorld world) : IStandbyRebuild
{
    public Task<RebuildResult> RebuildAsStandbyAsync(DatabaseMember member, DatabaseMember primary, Epoch epoch, CancellationToken cancellationToken)
    {
        var db = world.Databases[(member.ServiceId, member.SiteId)];
        var source = world.Databases[(primary.ServiceId, primary.SiteId)];
        if (!world.EngineReaches(db.SiteId) || !world.Linked(db.SiteId, source.SiteId))
        {
            return Task.FromResult(new RebuildResult(false, false, ReplicationFailure.Unreachable, "member or its link to the primary is down"));
        }

        if (epoch < db.HighestEpoch)
        {
            return Task.FromResult(new RebuildResult(false, false, ReplicationFailure.StaleEpoch, $"member has seen epoch {db.HighestEpoch}"));
        }

        if (source.Role != DatabaseRole.Primary)
        {
            return Task.FromResult(new RebuildResult(false, false, ReplicationFailure.NotPrimary, "source is not a primary"));
        }

        db.See(epoch);
        if (db.Role == DatabaseRole.Standby && db.Upstream == source.SiteId && db.Timeline == source.Timeline && !db.Fenced)
        {
            return Task.FromResult(new RebuildResult(true, true, ReplicationFailure.None, null));
        }

        db.Role = DatabaseRole.Standby;
        db.Fenced = false;
        db.FencedBy = null;
        db.PromotedEpoch = null;
        db.Upstream = source.SiteId;
        db.Timeline = source.Timeline;
        db.ReplayLsn = source.CurrentLsn;
        db.CurrentLsn = 0;
        world.EngineSeen.Remove((db.ServiceId, db.SiteId));
        world.MaybeCrash();
        return Task.FromResult(new RebuildResult(true, false, ReplicationFailure.None, null));
    }
}
