using Failover.Core.Decisions;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;

namespace Failover.Drills.Tests.Isolated;

public sealed class IsolatedDrillEngineTests
{
    private static readonly string[] IsolatedSteps = ["drill-copy-standby", "drill-promote-copy", "drill-start-app", "drill-smoke", "drill-cleanup"];

    [Fact]
    public async Task IsolatedDrill_AllStepsSucceed_PassesAndLeavesNothing()
    {
        using var h = new DrillHarness();
        var requested = await h.RequestDrillAsync();
        requested.Accepted.Should().BeTrue(requested.Message);

        await h.TickUntilEndedAsync(requested.OperationId!);

        var op = await h.OperationAsync(requested.OperationId!);
        op.Status.Should().Be(OperationStatus.Succeeded);
        op.Plan.Steps.Should().Equal(IsolatedSteps);
        op.Plan.TargetSiteId.Should().Be(h.Estate.Service(DrillHarness.ServiceId).StandbySiteIds[0]);
        h.Sandbox.AnythingLeft.Should().BeFalse();
        var report = await h.ReportAsync(op.Id);
        report.Passed.Should().BeTrue(string.Join("; ", report.Reasons));
        report.Steps.Select(s => s.Name).Should().Equal(IsolatedSteps);
        report.AchievedRto.Should().NotBeNull();
        report.Freshness.Should().NotBeNull();
        report.Kind.Should().Be(DrillKind.Isolated);
    }

    [Fact]
    public async Task IsolatedDrill_DoesNotTouchProduction_PrimaryEpochAndTrafficUnchanged()
    {
        using var h = new DrillHarness();
        var before = h.Engine.ServiceStates.Single();

        await h.RequestDrillAsync();
        await h.TickAsync(3);

        var after = h.Engine.ServiceStates.Single();
        after.Should().BeEquivalentTo(before, "a drill acts only on its throwaway copy: no epoch bump, no new primary, no reconcile");
    }

    [Fact]
    public async Task IsolatedDrill_PromoteFails_CleanupStillRunsAndDrillFails()
    {
        using var h = new DrillHarness();
        h.Sandbox.Failures["promote"] = "port 54321 already in use";
        var requested = await h.RequestDrillAsync();

        await h.TickAsync(2);

        var op = await h.OperationAsync(requested.OperationId!);
        op.Status.Should().Be(OperationStatus.Failed);
        op.Outcome.Summary.Should().Contain("port 54321 already in use");
        h.Sandbox.Calls.Should().Equal("copy", "promote", "cleanup");
        h.Sandbox.AnythingLeft.Should().BeFalse("the cleanup runs after a failed step");
        var entries = await h.EntriesAsync(op.Id);
        entries.Should().Contain(e => e.Kind == JournalEntryKind.CleanupScheduled && e.Step == "drill-cleanup");
        var report = await h.ReportAsync(op.Id);
        report.Passed.Should().BeFalse();
        report.Reasons.Should().Contain(r => r.Contains("drill-promote-copy failed", StringComparison.Ordinal));
        report.Steps.Single(s => s.Name == "drill-cleanup").Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task IsolatedDrill_CleanupFailsTwice_IsRetriedUntilItSucceeds()
    {
        using var h = new DrillHarness();
        h.Sandbox.CleanupFailuresLeft = 2;
        var requested = await h.RequestDrillAsync();

        await h.TickAsync(8);

        var op = await h.OperationAsync(requested.OperationId!);
        op.Status.Should().Be(OperationStatus.Succeeded);
        h.Sandbox.Calls.Count(c => c == "cleanup").Should().Be(3);
        h.Sandbox.AnythingLeft.Should().BeFalse();
    }

    [Fact]
    public async Task IsolatedDrill_CleanupNeverSucceeds_FailsAtTheDeadlineWithBothReasons()
    {
        using var h = new DrillHarness(new EngineOptions { OperationTimeout = TimeSpan.FromSeconds(20) });
        h.Sandbox.Failures["smoke"] = "GET /healthz answered 503";
        h.Sandbox.CleanupFailuresLeft = int.MaxValue;
        var requested = await h.RequestDrillAsync();

        await h.TickAsync(30);

        var op = await h.OperationAsync(requested.OperationId!);
        op.Status.Should().Be(OperationStatus.Failed, "an operation always terminates, even when its cleanup cannot");
        op.Outcome.Summary.Should().Contain("503").And.Contain("timed out");
        h.Engine.ActiveOperations.Should().BeEmpty("the service's slot is released");
        (await h.ReportAsync(op.Id)).Reasons.Should().Contain(r => r.Contains("cleanup did not complete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IsolatedDrill_ControlPlaneDiesMidStep_NewEngineResumesAndCleansUp()
    {
        using var h = new DrillHarness();
        h.Sandbox.PromoteGate = new TaskCompletionSource();
        var requested = await h.RequestDrillAsync();
        using var crash = new CancellationTokenSource();
        var tick = h.TickAsync(5, cancellationToken: crash.Token);
        await h.Sandbox.PromoteEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await crash.CancelAsync();
        var dying = async () => await tick;
        await dying.Should().ThrowAsync<OperationCanceledException>();
        h.Engine.Dispose();
        (await h.OperationAsync(requested.OperationId!)).Status.Should().Be(OperationStatus.Running, "the journal knows the drill was in flight");
        h.Sandbox.AnythingLeft.Should().BeTrue();

        h.Sandbox.PromoteGate = null;
        h.NewEngine();
        await h.TickUntilEndedAsync(requested.OperationId!);

        var op = await h.OperationAsync(requested.OperationId!);
        op.Status.Should().Be(OperationStatus.Succeeded);
        h.Sandbox.AnythingLeft.Should().BeFalse("the resumed drill runs its cleanup");
        (await h.EntriesAsync(op.Id)).Should().Contain(e => e.Kind == JournalEntryKind.Resumed);
    }

    [Fact]
    public async Task IsolatedDrill_CancelledMidway_RunsCleanupBeforeEnding()
    {
        using var h = new DrillHarness(new EngineOptions { MaxStepsPerTick = 1 });
        var requested = await h.RequestDrillAsync();
        await h.TickAsync(2);
        h.Sandbox.AnythingLeft.Should().BeTrue();

        var cancelled = await h.Engine.CancelAsync(requested.OperationId!, "bob", "school is starting", CancellationToken.None);
        cancelled.Accepted.Should().BeTrue(cancelled.Message);
        (await h.OperationAsync(requested.OperationId!)).Status.Should().Be(OperationStatus.Running, "it still has to clean up");
        await h.TickAsync(2);

        var op = await h.OperationAsync(requested.OperationId!);
        op.Status.Should().Be(OperationStatus.Cancelled);
        op.Outcome.Summary.Should().Contain("school is starting");
        h.Sandbox.AnythingLeft.Should().BeFalse();
        h.Sandbox.Calls.Should().NotContain("smoke");
    }

    [Fact]
    public async Task Drill_WhileAnotherOperationIsActive_IsRefused()
    {
        using var h = new DrillHarness();
        await h.TickAsync();
        var service = h.Estate.Service(DrillHarness.ServiceId);
        var fence = await h.Engine.RequestAsync(new OperationRequest(service.Id, OperationKind.Fence, service.StandbySiteIds[1], "bob", "maintenance"), CancellationToken.None);
        fence.Accepted.Should().BeTrue(fence.Message);

        var drill = await h.RequestDrillAsync();

        drill.Accepted.Should().BeFalse();
        drill.Message.Should().Contain("one operation per service");
    }

    [Fact]
    public async Task Operation_WhileADrillRuns_IsRefused()
    {
        using var h = new DrillHarness(new EngineOptions { MaxStepsPerTick = 1 });
        var drill = await h.RequestDrillAsync();
        await h.TickAsync();
        var service = h.Estate.Service(DrillHarness.ServiceId);

        var switchover = await h.Engine.RequestAsync(new OperationRequest(service.Id, OperationKind.Switchover, service.StandbySiteIds[0], "bob", "planned"), CancellationToken.None);

        switchover.Accepted.Should().BeFalse();
        switchover.Message.Should().Contain(drill.OperationId!);
    }

    [Theory]
    [InlineData(HealthState.Down)]
    [InlineData(HealthState.Suspect)]
    [InlineData(HealthState.Lost)]
    public async Task Drill_DuringAnIncident_IsRefused(HealthState state)
    {
        using var h = new DrillHarness();
        h.Health[h.Estate.Service(DrillHarness.ServiceId).StandbySiteIds[1]] = state;
        await h.TickAsync();

        var drill = await h.RequestDrillAsync();

        drill.Accepted.Should().BeFalse();
        drill.Message.Should().Contain("no drill during an incident").And.Contain(state.ToString());
    }

    [Fact]
    public async Task Drill_DuringAFreeze_IsRefused()
    {
        using var h = new DrillHarness();
        h.Freezes.Add(new FreezeWindow(FreezeWindowKind.Maintenance, null, null, DrillHarness.Start, DrillHarness.Start.AddHours(1), "incident 4521 on the network"));
        await h.TickAsync();

        var drill = await h.RequestDrillAsync();

        drill.Accepted.Should().BeFalse();
        drill.Message.Should().Contain("freeze").And.Contain("incident 4521");
    }

    [Fact]
    public async Task PrimaryLostDuringADrill_DrillCleansUpThenTheFailoverProceeds()
    {
        using var h = new DrillHarness(new EngineOptions { MaxStepsPerTick = 1, OperationTimeout = TimeSpan.FromSeconds(120) });
        var drill = await h.RequestDrillAsync();
        await h.TickAsync(2);
        h.Sandbox.AnythingLeft.Should().BeTrue();
        var primary = h.Engine.ServiceStates.Single().PrimarySiteId;

        h.Burn(primary);
        await h.TickAsync(30);

        var op = await h.OperationAsync(drill.OperationId!);
        op.Status.Should().Be(OperationStatus.Cancelled);
        op.Outcome.Summary.Should().Contain("pre-empted");
        h.Sandbox.AnythingLeft.Should().BeFalse("the drill cleans up first");
        var failover = (await h.Journal.ListOperationsAsync(false, CancellationToken.None)).Single(o => o.Kind == OperationKind.Failover);
        failover.Status.Should().Be(OperationStatus.Succeeded);
        failover.Progress.StartedAt.Should().BeAfter(op.Outcome.EndedAt!.Value.AddTicks(-1));
        h.Engine.ServiceStates.Single().PrimarySiteId.Should().NotBe(primary);
    }

    [Fact]
    public async Task PrimaryLostDuringADrill_CleanupStuck_IsAbandonedAndTheFailoverProceeds()
    {
        using var h = new DrillHarness(new EngineOptions { MaxStepsPerTick = 1, OperationTimeout = TimeSpan.FromSeconds(120) });
        h.Sandbox.CleanupFailuresLeft = int.MaxValue;
        var drill = await h.RequestDrillAsync();
        await h.TickAsync(2);

        h.Burn(h.Engine.ServiceStates.Single().PrimarySiteId);
        await h.TickAsync(30);

        var op = await h.OperationAsync(drill.OperationId!);
        op.Status.Should().Be(OperationStatus.Failed);
        op.Outcome.Summary.Should().Contain("pre-empted").And.Contain("cleanup abandoned");
        h.Sandbox.Calls.Count(c => c == "cleanup").Should().Be(1, "the failover waits for one cleanup attempt, not for the drill's deadline");
        (await h.Journal.ListOperationsAsync(false, CancellationToken.None)).Single(o => o.Kind == OperationKind.Failover).Status.Should().Be(OperationStatus.Succeeded);
    }

    [Fact]
    public async Task Cancel_WhileTheDrillCleansUp_IsRefused()
    {
        using var h = new DrillHarness();
        h.Sandbox.Failures["smoke"] = "503";
        h.Sandbox.CleanupFailuresLeft = 1;
        var drill = await h.RequestDrillAsync();
        await h.TickUntilAsync(async () => (await h.OperationAsync(drill.OperationId!)).Progress.PendingEnd is not null);
        (await h.OperationAsync(drill.OperationId!)).Progress.PendingEnd?.Status.Should().Be(OperationStatus.Failed);

        var cancel = await h.Engine.CancelAsync(drill.OperationId!, "bob", "stop it", CancellationToken.None);

        cancel.Accepted.Should().BeFalse();
        cancel.Message.Should().Contain("cleanup");
        await h.TickAsync();
        h.Sandbox.AnythingLeft.Should().BeFalse(string.Join(",", h.Sandbox.Calls));
        (await h.OperationAsync(drill.OperationId!)).Status.Should().Be(OperationStatus.Failed);
    }

    [Fact]
    public async Task SwitchoverDrill_AsAnEngineOperation_IsRefusedWithAReason()
    {
        using var h = new DrillHarness();
        await h.TickAsync();

        var drill = await h.RequestDrillAsync(DrillKind.Switchover);

        drill.Accepted.Should().BeFalse();
        drill.Message.Should().Contain("switchover");
    }

    [Fact]
    public async Task Drill_WithoutAnExtension_IsRefused()
    {
        using var h = new DrillHarness();
        var bare = new FailoverEngine(h.Estate, h.Seams with { Extensions = [] }, new InMemoryJournalStore(), h.Time, h.Options);
        await bare.InitializeAsync(CancellationToken.None);

        var drill = await bare.RequestAsync(DrillVariants.Request(DrillHarness.ServiceId, DrillKind.Isolated, "alice"), CancellationToken.None);

        drill.Accepted.Should().BeFalse();
        drill.Message.Should().Contain("no plan extension");
        bare.Dispose();
    }
}
