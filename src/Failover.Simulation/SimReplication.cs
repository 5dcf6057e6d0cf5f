using Failover.Core;
using Failover.Core.Replication;

namespace Failover.Simulation;

/// <summary>The replication seam over the simulated databases; enforces epochs the way the real adapter must.</summary>
internal sealed class SimReplication(SimWorld world) : IReplicationControl
{
    public Task<MemberObservation> ObserveAsync(DatabaseMember member, CancellationToken cancellationToken)
    {
        var db = world.Databases[(member.ServiceId, member.SiteId)];
        if (!world.EngineReaches(member.SiteId))
        {
            return Task.FromResult(MemberObservation.Unreachable(member, world.Now, ReplicationFailure.Unreachable, "no route to site"));
        }

        if (db.Role == DatabaseRole.Primary)
        {
            var key = (member.ServiceId, member.SiteId);
            world.EngineSeen[key] = Math.Max(world.EngineSeen.GetValueOrDefault(key), db.CurrentLsn);
            return Task.FromResult(MemberObservation.Primary(
                member, world.Now, SimWorld.SystemIdentifier, db.Timeline, new Lsn(db.CurrentLsn), new ControlMarks(db.Fenced, db.PromotedEpoch), StreamingFrom(db)));
        }

        var streaming = db.Upstream is { } up && world.Linked(db.SiteId, up);
        var wal = WalPositions.OfStandby(new Lsn(db.ReplayLsn), new Lsn(db.ReplayLsn), lastReplayedCommitAt: null, streaming);
        return Task.FromResult(MemberObservation.Standby(member, world.Now, SimWorld.SystemIdentifier, db.Timeline, wal, new ControlMarks(db.Fenced, db.HighestEpoch), []));
    }

    public Task<PromotionResult> PromoteAsync(PromotionRequest request, CancellationToken cancellationToken)
    {
        var db = world.Databases[(request.Standby.ServiceId, request.Standby.SiteId)];
        if (!world.EngineReaches(db.SiteId))
        {
            return Task.FromResult(Failed(ReplicationFailure.Unreachable, "no route to site"));
        }

        if (request.Epoch < db.HighestEpoch)
        {
            return Task.FromResult(Failed(ReplicationFailure.StaleEpoch, $"member has seen epoch {db.HighestEpoch}"));
        }

        if (request.ExpectedSystemIdentifier is { } sys && sys != SimWorld.SystemIdentifier)
        {
            return Task.FromResult(Failed(ReplicationFailure.WrongSystemIdentifier, "other cluster"));
        }

        if (db.Role == DatabaseRole.Primary)
        {
            return Task.FromResult(db.PromotedEpoch == request.Epoch
                ? new PromotionResult(true, ReplicationFailure.None, "already promoted", db.Timeline, new Lsn(db.CurrentLsn), null, TimeSpan.Zero)
                : Failed(ReplicationFailure.NotInRecovery, $"already primary at epoch {db.PromotedEpoch}"));
        }

        // Ground truth for the RPO invariant: the freshest former primary and what the engine knew of it.
        var service = world.Estate.Service(db.ServiceId);
        var old = service.SiteIds.Select(s => world.Databases[(db.ServiceId, s)])
            .Where(d => d.Role == DatabaseRole.Primary).OrderByDescending(d => d.PromotedEpoch?.Value ?? 0).FirstOrDefault();
        long trueLoss = old is null ? 0 : (long)(old.CurrentLsn > db.ReplayLsn ? old.CurrentLsn - db.ReplayLsn : 0);
        ulong? known = old is not null && world.EngineSeen.TryGetValue((db.ServiceId, old.SiteId), out var seen) ? seen : null;
        world.Promotions.Add(new PromotionEvent(db.ServiceId, db.SiteId, request.Epoch, old?.SiteId, trueLoss, known, db.ReplayLsn, world.Now));

        BecomePrimary(db, request.Epoch);
        var loss = request.LastKnownPrimaryLsn is { } last ? last.BytesAfter(new Lsn(db.ReplayLsn)) : (long?)null;
        world.MaybeCrash();
        return Task.FromResult(new PromotionResult(true, ReplicationFailure.None, null, db.Timeline, new Lsn(db.CurrentLsn), loss, TimeSpan.FromSeconds(1)));
    }

    public Task<FenceResult> FenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken)
    {
        var db = world.Databases[(member.ServiceId, member.SiteId)];
        if (!world.EngineReaches(db.SiteId))
        {
            return Task.FromResult(new FenceResult(false, false, ReplicationFailure.Unreachable, "no route to site", 0));
        }

        if (epoch < db.HighestEpoch)
        {
            return Task.FromResult(new FenceResult(false, false, ReplicationFailure.StaleEpoch, $"member has seen epoch {db.HighestEpoch}", 0));
        }

        db.See(epoch);
        if (db.Fenced)
        {
            return Task.FromResult(new FenceResult(true, true, ReplicationFailure.None, null, 0));
        }

        db.Fenced = true;
        db.FencedBy = "engine";
        world.MaybeCrash();
        return Task.FromResult(new FenceResult(true, false, ReplicationFailure.None, null, 3));
    }

    public Task<FenceResult> UnfenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken)
    {
        var db = world.Databases[(member.ServiceId, member.SiteId)];
        if (!world.EngineReaches(db.SiteId))
        {
            return Task.FromResult(new FenceResult(false, false, ReplicationFailure.Unreachable, "no route to site", 0));
        }

        if (epoch < db.HighestEpoch)
        {
            return Task.FromResult(new FenceResult(false, false, ReplicationFailure.StaleEpoch, $"member has seen epoch {db.HighestEpoch}", 0));
        }

        db.See(epoch);
        if (db.Role == DatabaseRole.Primary && epoch > db.PromotedEpoch)
        {
            // Unfencing a primary with a newer epoch re-owns it: the epoch is its fencing token from now on.
            db.PromotedEpoch = epoch;
        }

        if (!db.Fenced)
        {
            return Task.FromResult(new FenceResult(true, true, ReplicationFailure.None, null, 0));
        }

        db.Fenced = false;
        db.FencedBy = null;
        world.MaybeCrash();
        return Task.FromResult(new FenceResult(true, false, ReplicationFailure.None, null, 0));
    }

    public async Task<SwitchoverResult> SwitchoverAsync(SwitchoverRequest request, CancellationToken cancellationToken)
    {
        var primary = world.Databases[(request.Primary.ServiceId, request.Primary.SiteId)];
        var target = world.Databases[(request.Target.ServiceId, request.Target.SiteId)];
        if (!world.EngineReaches(primary.SiteId) || !world.EngineReaches(target.SiteId))
        {
            return Switch(ReplicationFailure.Unreachable, "no route to a member");
        }

        if (request.Epoch < primary.HighestEpoch || request.Epoch < target.HighestEpoch)
        {
            return Switch(ReplicationFailure.StaleEpoch, "a member has seen a newer epoch");
        }

        if (target.Role == DatabaseRole.Primary && target.PromotedEpoch == request.Epoch)
        {
            return new SwitchoverResult(true, ReplicationFailure.None, "already switched", new Lsn(target.CurrentLsn), null, false, TimeSpan.Zero);
        }

        if (primary.Role != DatabaseRole.Primary)
        {
            return Switch(ReplicationFailure.NotPrimary, "source is not a primary");
        }

        if (target.Role != DatabaseRole.Standby || target.Upstream != primary.SiteId || target.Timeline != primary.Timeline || !world.Linked(primary.SiteId, target.SiteId))
        {
            return Switch(ReplicationFailure.Behind, "target is not streaming from the primary");
        }

        var catchUp = (ulong)(64 * 1024 * (world.SlowReplication.ContainsKey((target.ServiceId, target.SiteId)) ? target.ReplicationRate : 1.0) * request.CatchUpTimeout.TotalSeconds);
        if (primary.CurrentLsn - target.ReplayLsn > catchUp)
        {
            return Switch(ReplicationFailure.Behind, "target cannot catch up within the timeout");
        }

        primary.Fenced = true;
        primary.FencedBy = "switchover";
        primary.See(request.Epoch);
        target.ReplayLsn = primary.CurrentLsn;
        if (request.BeforePromote is { } beforePromote && await beforePromote(cancellationToken) is { } notNow)
        {
            primary.Fenced = false;
            primary.FencedBy = null;
            return Switch(ReplicationFailure.Error, $"not promoted: {notNow}");
        }

        world.Promotions.Add(new PromotionEvent(target.ServiceId, target.SiteId, request.Epoch, primary.SiteId, 0, primary.CurrentLsn, target.ReplayLsn, world.Now));
        BecomePrimary(target, request.Epoch);
        world.MaybeCrash();
        return new SwitchoverResult(true, ReplicationFailure.None, null, new Lsn(primary.CurrentLsn), null, false, TimeSpan.FromSeconds(2));
    }

    /// <summary>A promoted member: primary at the epoch, unfenced, on a new timeline from what it replayed, following nobody.</summary>
    private void BecomePrimary(SimDatabase db, Epoch epoch)
    {
        db.Role = DatabaseRole.Primary;
        db.Fenced = false;
        db.FencedBy = null;
        db.PromotedEpoch = epoch;
        db.See(epoch);
        db.Timeline++;
        db.CurrentLsn = db.ReplayLsn;
        db.Upstream = null;
        world.EngineSeen.Remove((db.ServiceId, db.SiteId));
    }

    /// <summary>The standbys streaming from <paramref name="primary"/>, all synchronous when the service replicates synchronously.</summary>
    private Downstream StreamingFrom(SimDatabase primary)
    {
        var sync = world.Estate.Service(primary.ServiceId).Database.Replication == Failover.Core.Topology.ReplicationMode.Sync ? "sync" : "async";
        var replicas = world.Databases.Values
            .Where(d => d.ServiceId == primary.ServiceId && d.Role == DatabaseRole.Standby && d.Upstream == primary.SiteId && d.Timeline == primary.Timeline && world.Linked(d.SiteId, primary.SiteId))
            .OrderBy(d => d.SiteId, StringComparer.Ordinal)
            .Select(d => new ReplicaObservation(d.SiteId, null, "streaming", sync, new ReplicaPositions(new Lsn(d.ReplayLsn), new Lsn(d.ReplayLsn), new Lsn(d.ReplayLsn), null, (long)(primary.CurrentLsn - d.ReplayLsn))))
            .ToList();
        return replicas.Count == 0 ? Downstream.None : new Downstream(replicas, []);
    }

    private static PromotionResult Failed(ReplicationFailure failure, string detail) => new(false, failure, detail, null, null, null, TimeSpan.Zero);

    private static SwitchoverResult Switch(ReplicationFailure failure, string detail) => new(false, failure, detail, null, null, false, TimeSpan.Zero);
}
