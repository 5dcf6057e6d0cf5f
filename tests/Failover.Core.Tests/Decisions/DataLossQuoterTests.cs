using Failover.Core.Decisions;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Simulation;
using Failover.Testing;

namespace Failover.Core.Tests.Decisions;

/// <summary>The data-loss quote through the engine: what it rests on decides whether a failover starts without a human.</summary>
public class DataLossQuoterTests
{
    private static readonly DateTimeOffset Later = EngineHarness.Start.AddHours(1);

    [Fact]
    public async Task Failover_AsyncPrimaryCutOffBeyondTheDetectionWindow_QuotesUnknownAndWaitsForAHuman()
    {
        using var h = new EngineHarness();
        await h.TickAsync(3);

        // A partition: the control plane no longer reaches the primary, which goes on committing and streaming for a while.
        h.World.EngineCut["ovh-sbg"] = Later;
        await h.TickAsync(25);
        h.Lost.Add("ovh-sbg");
        h.LostSince = h.Time.GetUtcNow() - TimeSpan.FromSeconds(12);
        var report = await h.TickAsync();

        var decision = report.Decisions.Single().Decision;
        decision.Outcome.Should().Be(DecisionOutcome.RequestApproval, "the last position seen is 26 s old, beyond the 16 s detection takes (grace 10 s + 4 intervals + 2 s): the primary may have committed since");
        decision.Reason.Should().Contain("unknown, at least").And.Contain("detection window");
        var op = h.Engine.ActiveOperations.Should().ContainSingle().Subject;
        op.Status.Should().Be(OperationStatus.AwaitingApproval);
        op.Plan.Quote.WithinBudget.Should().BeFalse();
        await h.TickAsync(5);
        h.World.Promotions.Should().BeEmpty("unknown loss is never within budget");
    }

    [Fact]
    public async Task Failover_AsyncPrimaryLostJustAfterItWasSeen_StartsOnAFreshQuote()
    {
        using var h = new EngineHarness();
        await h.TickAsync(3);
        h.Burn("ovh-sbg");

        var report = await h.TickAsync();

        report.Decisions.Single().Decision.Outcome.Should().Be(DecisionOutcome.Start, "the primary was seen a second before it was lost");
    }

    [Fact]
    public async Task Failover_AsyncPrimaryBurned_JudgedLostAsLateAsDetectionAllows_StartsOnItsLastSighting()
    {
        using var h = new EngineHarness();
        await h.TickAsync(3);
        h.World.Burned.Add("ovh-sbg"); // the fire: probes fail from now on; the quorum's verdict takes detection's time
        await h.TickAsync(14);
        h.Lost.Add("ovh-sbg");
        h.LostSince = h.Time.GetUtcNow() - TimeSpan.FromSeconds(12); // unhealthy since its probes began failing: past the grace period

        var report = await h.TickAsync();

        report.Decisions.Single().Decision.Outcome.Should().Be(DecisionOutcome.Start,
            "the primary was last seen just before it burned: 15 s is within the 16 s detection takes, so the sighting bounds the loss");
    }

    [Fact]
    public async Task Failover_TwoSyncStandbysPastAStaleMark_PromotesTheOneThatFlushedMore()
    {
        using var h = new EngineHarness(estate: Synchronous);
        await h.TickAsync(3);
        h.World.EngineCut["ovh-sbg"] = Later;
        h.World.Databases[("ent-1", "ovh-sbg")].CurrentLsn += 200_000;
        await h.TickAsync();

        // Both standbys are now past the last position the engine saw; ovh-rbx (preferred) stops there, scw-par goes on.
        h.World.SlowReplication[("ent-1", "ovh-rbx")] = Later;
        h.World.Databases[("ent-1", "ovh-rbx")].ReplicationRate = 0;
        await h.TickAsync(4);
        var rbx = h.World.Databases[("ent-1", "ovh-rbx")].ReplayLsn;
        var par = h.World.Databases[("ent-1", "scw-par")].ReplayLsn;
        h.Engine.Observations.PrimaryPosition("ent-1", "ovh-sbg")!.Lsn.Value.Should().BeLessThan(rbx, "both standbys are past the stale mark");
        par.Should().BeGreaterThan(rbx);
        h.Burn("ovh-sbg");

        var report = await h.TickAsync();

        var decision = report.Decisions.Single().Decision;
        decision.Outcome.Should().Be(DecisionOutcome.Start);
        decision.Reason.Should().Contain("promote scw-par", "it holds commits the preferred ovh-rbx lacks");
        await h.TickAsync(10);
        h.State().PrimarySiteId.Should().Be("scw-par");
    }

    [Fact]
    public async Task Failover_SyncStandbyWhoseWalReceiverStopped_IsNotPromotedAutomatically()
    {
        using var h = new EngineHarness(estate: Synchronous);
        await h.TickAsync(3);

        // ovh-rbx's WAL receiver loses the primary, which goes on without it; scw-par cannot be read.
        h.World.SiteCut[SimWorld.Pair("ovh-sbg", "ovh-rbx")] = Later;
        h.World.EngineCut["scw-par"] = Later;
        await h.TickAsync(5);
        h.Burn("ovh-sbg");

        var report = await h.TickAsync();

        var decision = report.Decisions.Single().Decision;
        decision.Outcome.Should().Be(DecisionOutcome.RequestApproval);
        decision.Reason.Should().Contain("ovh-rbx was not streaming at the last evidence of the primary");
        await h.TickAsync(5);
        h.World.Promotions.Should().BeEmpty();
    }

    [Fact]
    public async Task Failover_IdlePrimary_StandbyAtItsPositionIsZeroSecondsBehind()
    {
        // A quiet night: the last transaction committed hours ago, and the standby's replay trails what it flushed by a
        // record that commits nothing. A 5 s maxLagSeconds must not block the failover.
        using var h = new EngineHarness(
            estate: e => e with { Services = e.Services.Select(s => s with { Database = s.Database with { Budget = new RpoBudget(256 * 1024, TimeSpan.FromSeconds(5)) } }).ToList() },
            wrapReplication: r => new QuietNight(r, EngineHarness.Start.AddHours(-8)));
        h.World.Databases[("ent-1", "ovh-sbg")].WriteRate = 0;
        h.World.Databases[("ent-1", "ovh-sbg")].CurrentLsn = 1_000_000;
        await h.TickAsync(30);
        h.Burn("ovh-sbg");

        var report = await h.TickAsync();

        var decision = report.Decisions.Single().Decision;
        decision.Outcome.Should().Be(DecisionOutcome.Start, decision.Reason);
        decision.Reason.Should().Contain("quote 0 bytes / 0 s");
    }

    [Fact]
    public async Task Failover_PrimaryReadOnlyThroughItsAgent_QuotesFromTheAgentsLastReport()
    {
        // The engine's own session to the primary fails (say, its role lost a grant); its site agent still reports.
        using var h = new EngineHarness(wrapReplication: r => new Blind(r, "ovh-sbg"));
        await h.TickAsync(5);
        h.Engine.Observations.PrimaryPosition("ent-1", "ovh-sbg")!.Source.Should().Be("its agent's report");
        h.Burn("ovh-sbg");

        var report = await h.TickAsync();

        var decision = report.Decisions.Single().Decision;
        decision.Outcome.Should().Be(DecisionOutcome.Start, decision.Reason);
        decision.Reason.Should().Contain("its agent's report");
    }

    private static Estate Synchronous(Estate estate) => estate with
    {
        Services = estate.Services.Select(s => s with { Database = s.Database with { Replication = ReplicationMode.Sync } }).ToList(),
    };

    /// <summary>The engine's sessions to one site fail; everything else is the simulation's.</summary>
    private sealed class Blind(IReplicationControl inner, string site) : IReplicationControl
    {
        public async Task<MemberObservation> ObserveAsync(DatabaseMember member, CancellationToken cancellationToken) => member.SiteId == site
            ? MemberObservation.Unreachable(member, (await inner.ObserveAsync(member, cancellationToken)).ObservedAt, ReplicationFailure.Authentication, "permission denied")
            : await inner.ObserveAsync(member, cancellationToken);

        public Task<PromotionResult> PromoteAsync(PromotionRequest request, CancellationToken cancellationToken) => inner.PromoteAsync(request, cancellationToken);

        public Task<FenceResult> FenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) => inner.FenceAsync(member, epoch, cancellationToken);

        public Task<FenceResult> UnfenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) => inner.UnfenceAsync(member, epoch, cancellationToken);

        public Task<SwitchoverResult> SwitchoverAsync(SwitchoverRequest request, CancellationToken cancellationToken) => inner.SwitchoverAsync(request, cancellationToken);
    }

    /// <summary>Standbys whose replay trails their flushed WAL a little, and whose last replayed commit is hours old.</summary>
    private sealed class QuietNight(IReplicationControl inner, DateTimeOffset lastCommit) : IReplicationControl
    {
        public async Task<MemberObservation> ObserveAsync(DatabaseMember member, CancellationToken cancellationToken)
        {
            var seen = await inner.ObserveAsync(member, cancellationToken);
            return seen is { Reachable: true, Role: DatabaseRole.Standby, ReceiveLsn: { } received } && received.Value > 512
                ? seen with { Wal = seen.Wal with { Replay = new Lsn(received.Value - 512), LastReplayedCommitAt = lastCommit } }
                : seen;
        }

        public Task<PromotionResult> PromoteAsync(PromotionRequest request, CancellationToken cancellationToken) => inner.PromoteAsync(request, cancellationToken);

        public Task<FenceResult> FenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) => inner.FenceAsync(member, epoch, cancellationToken);

        public Task<FenceResult> UnfenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) => inner.UnfenceAsync(member, epoch, cancellationToken);

        public Task<SwitchoverResult> SwitchoverAsync(SwitchoverRequest request, CancellationToken cancellationToken) => inner.SwitchoverAsync(request, cancellationToken);
    }
}
