using Failover.Core.Decisions;
using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Testing;

namespace Failover.Core.Tests.Engine;

public class FailoverEngineTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Tick_PrimaryLostPastGrace_FailsOverAutomaticallyWithAuditTrail()
    {
        using var h = new EngineHarness();
        await h.TickAsync(3);
        h.Burn("ovh-sbg", secondsAgo: 30);

        var report = await h.TickAsync();
        await h.TickAsync(4); // the last grant went out at t=3: the old primary counts as fenced from t=3 + TTL 3 s + margin 1 s

        var decision = report.Decisions.Single(d => d.ServiceId == "ent-1");
        var op = await h.OperationAsync(decision.OperationId!);
        op.Status.Should().Be(OperationStatus.Succeeded);
        op.Request.RequestedBy.Should().Be(OperationRequest.EngineActor);
        op.Request.Evidence.Should().Contain(e => e.Contains("observers down: obs-a, obs-b", StringComparison.Ordinal));
        op.Outcome.MeasuredRto.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(30), "RTO counts from when the quorum first saw the site down");
        op.Outcome.MeasuredDataLossBytes.Should().NotBeNull();
        h.State().PrimarySiteId.Should().Be("ovh-rbx");
        h.State().Epoch.Should().Be(new Epoch(2));
        h.State().NeedsReprotect.Should().Equal(["ovh-sbg"], "the burned old primary awaits reprotect; scw-par was already re-pointed");
        h.World.Databases[("ent-1", "scw-par")].Upstream.Should().Be("ovh-rbx");
        h.World.Routes["ent-1"].Target.Should().Be("ovh-rbx");
        h.WritablePrimaries().Should().Be(1);
        var kinds = (await h.EntriesAsync(op.Id)).Select(e => (e.Kind, e.Step)).ToList();
        kinds.Should().StartWith([(JournalEntryKind.Requested, null), (JournalEntryKind.Queued, null), (JournalEntryKind.Started, null),
            (JournalEntryKind.StepStarted, "bump-epoch"), (JournalEntryKind.StepSucceeded, "bump-epoch")]);
        kinds.Should().EndWith([(JournalEntryKind.StepStarted, "verify"), (JournalEntryKind.StepSucceeded, "verify"), (JournalEntryKind.Succeeded, null)]);
    }

    [Fact]
    public async Task Tick_PrimaryLostButStandbyBeyondBudget_RequestsApprovalWithQuote()
    {
        using var h = new EngineHarness();
        h.World.Databases[("ent-1", "ovh-sbg")].CurrentLsn = 50_000_000;
        await h.TickAsync();
        h.Burn("ovh-sbg");

        var report = await h.TickAsync();

        var op = await h.OperationAsync(report.Decisions.Single().OperationId!);
        op.Status.Should().Be(OperationStatus.AwaitingApproval);
        op.Plan.ApprovalWhy.Should().Contain("beyond the RPO budget");
        op.Plan.Quote.LagBytes.Should().BeGreaterThan(40_000_000);
        h.World.Promotions.Should().BeEmpty("nothing is promoted beyond the budget without a human");

        (await h.Engine.ApproveAsync(op.Id, "bob", None)).Accepted.Should().BeTrue();
        await h.TickAsync(8);
        (await h.OperationAsync(op.Id)).Status.Should().Be(OperationStatus.Succeeded);
        (await h.OperationAsync(op.Id)).Progress.ApprovedBy.Should().Be("bob");
    }

    [Fact]
    public async Task Tick_MassFailureBrake_HoldsWithoutOperation()
    {
        using var h = new EngineHarness();
        await h.TickAsync();
        h.Burn("ovh-sbg");
        h.Brake = "mass failure: 2 of 3 sites lost";

        var report = await h.TickAsync(3);

        report.Decisions.Single().Decision.Outcome.Should().Be(DecisionOutcome.Hold);
        h.Engine.ActiveOperations.Should().BeEmpty();
        h.State().PrimarySiteId.Should().Be("ovh-sbg");
    }

    [Fact]
    public async Task Tick_OldPrimaryReturnsAfterFailover_IsReprotectedNeverFailedBack()
    {
        using var h = new EngineHarness();
        await h.TickAsync();
        h.World.EngineCut["ovh-sbg"] = EngineHarness.Start.AddHours(1);
        foreach (var o in new[] { "obs-a", "obs-b" })
        {
            h.World.ObserverCut[(o, "ovh-sbg")] = EngineHarness.Start.AddHours(1);
        }

        h.Lost.Add("ovh-sbg");
        h.LostSince = h.Time.GetUtcNow();
        await h.TickAsync(30);
        h.State().PrimarySiteId.Should().Be("ovh-rbx");

        h.World.EngineCut.Clear();
        h.World.ObserverCut.Clear();
        h.Lost.Clear();
        await h.TickAsync(30);

        h.State().PrimarySiteId.Should().Be("ovh-rbx", "failback is never automatic");
        h.State().NeedsReprotect.Should().BeEmpty();
        h.World.Databases[("ent-1", "ovh-sbg")].Role.Should().Be(DatabaseRole.Standby);
        h.World.Databases[("ent-1", "ovh-sbg")].Upstream.Should().Be("ovh-rbx");
        h.WritablePrimaries().Should().Be(1);
        (await h.Journal.ListOperationsAsync(false, None)).Should().NotContain(o => o.Kind == OperationKind.Switchover || o.Kind == OperationKind.Failback);
    }

    [Fact]
    public async Task Tick_OldPrimaryCutOffButNotLost_FenceWaitsUntilItsLeaseHasRunOut()
    {
        using var h = new EngineHarness();
        await h.TickAsync();
        h.World.EngineCut["ovh-sbg"] = EngineHarness.Start.AddHours(1);
        var request = await h.Engine.RequestAsync(new OperationRequest("ent-1", OperationKind.Failover, "ovh-rbx", "alice", "looks dead"), None);
        await h.Engine.ApproveAsync(request.OperationId!, "bob", None);

        await h.TickAsync(3);

        var op = await h.OperationAsync(request.OperationId!);
        op.Progress.NextStep.Should().Be(1, "fence-others retries: the old primary's lease may still hold");
        (await h.EntriesAsync(op.Id)).Should().Contain(e => e.Kind == JournalEntryKind.StepRetry && e.Step == "fence-others" && e.Detail.Contains("lease may hold", StringComparison.Ordinal));
        h.World.Promotions.Should().BeEmpty();

        await h.TickAsync(2);
        (await h.OperationAsync(op.Id)).Status.Should().Be(OperationStatus.Succeeded);
        h.World.Databases[("ent-1", "ovh-sbg")].FencedBy.Should().Be("lease", "its agent fenced it when the lease ran out, cut off or not");
    }

    [Fact]
    public async Task Request_TwoPersonRule_RequesterCannotApprove()
    {
        using var h = new EngineHarness();
        await h.TickAsync();
        var request = await h.Engine.RequestAsync(new OperationRequest("ent-1", OperationKind.Failover, null, "alice", "test"), None);
        request.Status.Should().Be(OperationStatus.AwaitingApproval);

        var self = await h.Engine.ApproveAsync(request.OperationId!, "alice", None);
        var other = await h.Engine.ApproveAsync(request.OperationId!, "bob", None);

        self.Accepted.Should().BeFalse();
        self.Message.Should().Contain("two-person rule");
        other.Accepted.Should().BeTrue();
        (await h.EntriesAsync(request.OperationId!)).Select(e => e.Kind).Should().ContainInOrder(JournalEntryKind.ApprovalRefused, JournalEntryKind.Approved);
    }

    [Fact]
    public async Task Request_NotApprovedInTime_Expires()
    {
        using var h = new EngineHarness();
        await h.TickAsync();
        var request = await h.Engine.RequestAsync(new OperationRequest("ent-1", OperationKind.Failover, null, "alice", "test"), None);

        await h.TickAsync(121);

        (await h.OperationAsync(request.OperationId!)).Status.Should().Be(OperationStatus.Expired);
        (await h.Engine.ApproveAsync(request.OperationId!, "bob", None)).Accepted.Should().BeFalse();
        h.State().PrimarySiteId.Should().Be("ovh-sbg");
    }

    [Fact]
    public async Task Request_SecondOperationOnService_IsRefusedAndJournaled()
    {
        using var h = new EngineHarness();
        await h.TickAsync();
        var first = await h.Engine.RequestAsync(new OperationRequest("ent-1", OperationKind.Switchover, "ovh-rbx", "alice", "maintenance"), None);

        var second = await h.Engine.RequestAsync(new OperationRequest("ent-1", OperationKind.Switchover, "scw-par", "bob", "maintenance"), None);

        first.Accepted.Should().BeTrue();
        second.Accepted.Should().BeFalse();
        second.Message.Should().Contain("one operation per service");
        (await h.OperationAsync(second.OperationId!)).Status.Should().Be(OperationStatus.Refused);
    }

    [Fact]
    public async Task Request_ForcedPastBudget_IsJournaledLoudly()
    {
        using var h = new EngineHarness();
        h.World.Databases[("ent-1", "ovh-sbg")].CurrentLsn = 50_000_000;
        await h.TickAsync();
        h.Burn("ovh-sbg");
        h.Options.AutomaticReprotect = false;

        var forced = await h.Engine.RequestAsync(new OperationRequest("ent-1", OperationKind.Failover, "ovh-rbx", "alice", "fire", Force: true), None);

        var entries = await h.EntriesAsync(forced.OperationId!);
        entries.Should().Contain(e => e.Kind == JournalEntryKind.Forced && e.Detail.Contains("FORCED PAST THE RPO BUDGET by alice", StringComparison.Ordinal));
        forced.Status.Should().Be(OperationStatus.AwaitingApproval, "force overrides the budget, not the two-person rule");
        await h.Engine.ApproveAsync(forced.OperationId!, "bob", None);
        await h.TickAsync(8);
        (await h.OperationAsync(forced.OperationId!)).Status.Should().Be(OperationStatus.Succeeded);
    }

    [Fact]
    public async Task Cancel_BeforePointOfNoReturn_CancelsAndAfter_IsRefused()
    {
        using var h = new EngineHarness(options: new EngineOptions { MaxStepsPerTick = 1 });
        await h.TickAsync();
        h.Burn("ovh-sbg");
        var early = await h.Engine.RequestAsync(new OperationRequest("ent-1", OperationKind.Failover, null, "alice", "test"), None);
        await h.Engine.ApproveAsync(early.OperationId!, "bob", None);
        await h.TickAsync(2);

        (await h.Engine.CancelAsync(early.OperationId!, "carol", "wrong button", None)).Accepted.Should().BeTrue();
        h.World.Promotions.Should().BeEmpty();

        var late = await h.Engine.RequestAsync(new OperationRequest("ent-1", OperationKind.Failover, null, "alice", "test"), None);
        await h.Engine.ApproveAsync(late.OperationId!, "bob", None);
        while ((await h.OperationAsync(late.OperationId!)) is { Progress.PointOfNoReturnPassed: false, Status: OperationStatus.Queued or OperationStatus.Running })
        {
            await h.TickAsync();
        }

        var refused = await h.Engine.CancelAsync(late.OperationId!, "carol", "too late", None);
        refused.Accepted.Should().BeFalse();
        refused.Message.Should().Contain("point of no return");
        await h.TickAsync(5);
        (await h.OperationAsync(late.OperationId!)).Status.Should().Be(OperationStatus.Succeeded);
    }

    [Fact]
    public async Task Tick_StaleEpochInJournal_StepIsRefusedAndJournaled()
    {
        using var h = new EngineHarness(options: new EngineOptions { MaxStepsPerTick = 1 });
        await h.TickAsync();
        var request = await h.Engine.RequestAsync(new OperationRequest("ent-1", OperationKind.Switchover, "ovh-rbx", "alice", "maintenance"), None);
        await h.TickAsync();

        // Another control plane promoted meanwhile: the journal holds a newer epoch.
        var newer = h.State() with { Epoch = new Epoch(7), EpochOwner = "someone-else" };
        await h.Journal.WriteAsync(new JournalWrite(null, [], newer), None);
        h.NewEngine(h.Journal);
        await h.TickAsync();

        var op = await h.OperationAsync(request.OperationId!);
        op.Status.Should().Be(OperationStatus.Refused);
        op.Outcome.Summary.Should().Contain("stale epoch");
        (await h.EntriesAsync(op.Id)).Should().Contain(e => e.Kind == JournalEntryKind.StaleEpochRefused);
        h.World.Promotions.Should().BeEmpty();
    }

    [Fact]
    public async Task Promote_MemberHasSeenNewerEpoch_IsRefusedAsStale()
    {
        using var h = new EngineHarness();
        await h.TickAsync();
        h.World.Databases[("ent-1", "ovh-rbx")].HighestEpoch = new Epoch(9);
        h.Burn("ovh-sbg");

        await h.TickAsync(4);

        var op = (await h.Journal.ListOperationsAsync(false, None)).First(o => o.Kind == OperationKind.Failover);
        op.Status.Should().Be(OperationStatus.Refused);
        (await h.EntriesAsync(op.Id)).Should().Contain(e => e.Kind == JournalEntryKind.StaleEpochRefused && e.Step == "promote-target");
        h.World.Databases[("ent-1", "ovh-rbx")].Role.Should().Be(DatabaseRole.Standby, "it refused the stale epoch");

        await h.TickAsync(10);
        h.State().PrimarySiteId.Should().Be("scw-par", "the next decision excludes the member whose promotion is uncertain");
        h.WritablePrimaries().Should().Be(1);
    }

    [Fact]
    public async Task Tick_ManyServicesLoseTheirPrimary_RunsBoundedConcurrencyInPriorityOrder()
    {
        using var h = new EngineHarness(services: 6, options: new EngineOptions { MaxConcurrentOperations = 2, MaxStepsPerTick = 1 });
        await h.TickAsync();
        h.Burn("ovh-sbg");

        await h.TickAsync();

        var running = h.Engine.ActiveOperations.Where(o => o.Status == OperationStatus.Running).Select(o => o.ServiceId).ToList();
        var onSbg = h.Estate.Services.Where(s => s.PrimarySiteId == "ovh-sbg").OrderBy(s => s.Priority).Select(s => s.Id).ToList();
        running.Should().BeEquivalentTo(onSbg.Take(2), "the two most important services go first");
        h.Engine.ActiveOperations.Count(o => o.Status == OperationStatus.Queued).Should().Be(onSbg.Count - 2);
    }

    [Fact]
    public async Task Tick_PrimaryRecoversBeforeApproval_WithdrawsAutomaticRequest()
    {
        using var h = new EngineHarness();
        h.World.Databases[("ent-1", "ovh-sbg")].CurrentLsn = 50_000_000;
        await h.TickAsync();
        h.Lost.Add("ovh-sbg");
        h.LostSince = h.Time.GetUtcNow() - TimeSpan.FromSeconds(30);
        var report = await h.TickAsync();
        var id = report.Decisions.Single().OperationId!;
        (await h.OperationAsync(id)).Status.Should().Be(OperationStatus.AwaitingApproval);

        h.Lost.Clear();
        await h.TickAsync();

        var op = await h.OperationAsync(id);
        op.Status.Should().Be(OperationStatus.Cancelled);
        op.Outcome.Summary.Should().Contain("no longer quorum-Lost");
        h.State().PrimarySiteId.Should().Be("ovh-sbg");
    }

    [Fact]
    public async Task Tick_MaintenanceWindow_HoldsAutomaticFailoverUntilItEnds()
    {
        using var h = new EngineHarness();
        await h.TickAsync();
        h.Freezes.Add(new FreezeWindow(FreezeWindowKind.Maintenance, "ent-1", null, h.Time.GetUtcNow(), h.Time.GetUtcNow().AddSeconds(30), "PostgreSQL upgrade"));
        h.Burn("ovh-sbg");

        var held = await h.TickAsync(10);

        held.Decisions.Single().Decision.Outcome.Should().Be(DecisionOutcome.Hold);
        held.Decisions.Single().Decision.Reason.Should().Contain("PostgreSQL upgrade");
        h.Engine.ActiveOperations.Should().BeEmpty();

        await h.TickAsync(30);
        var proposed = h.Engine.ActiveOperations.Should().ContainSingle("the freeze ended").Subject;
        proposed.Status.Should().Be(OperationStatus.AwaitingApproval);
        proposed.Plan.TargetSiteId.Should().Be("ovh-rbx");
        proposed.Plan.Quote.ToString().Should().StartWith("unknown, at least", "the primary was last seen 40 s ago: async, it may have committed since");
    }
}
