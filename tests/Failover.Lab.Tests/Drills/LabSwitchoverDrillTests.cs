using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills.History;
using Failover.Drills.Scheduling;
using Failover.Drills.Switchover;

namespace Failover.Lab.Tests.Drills;

/// <summary>Switchover drills against real PostgreSQL: over and back with a writer running, and the refusals that keep them safe.</summary>
public sealed class LabSwitchoverDrillTests
{
    [Fact]
    public async Task SwitchoverDrill_InsideAWindowWithAWriter_PassesWithNoCommitLostAndReturnsHome()
    {
        await using var lab = await DrillLab.StartAsync();
        using var runner = Runner(lab, Windows.Open);
        using var ticking = new CancellationTokenSource();
        var ticker = TickUntilStoppedAsync(lab, ticking.Token);

        var started = await runner.StartAsync(DrillLab.ServiceId, "alice", "quarterly drill", null, CancellationToken.None);
        started.Started.Should().BeTrue(started.Reason);
        OperationRecord done;
        try
        {
            done = await runner.Completion(started.DrillId!)!.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("the drill did not end: " + await JournalTextAsync(lab));
        }

        await ticking.CancelAsync();
        await ticker;

        var report = (await DrillHistory.GetAsync(lab.Journal, lab.Estate, done.Id, CancellationToken.None))!;
        done.Status.Should().Be(OperationStatus.Succeeded, done.Outcome.Summary);
        report.Kind.Should().Be(DrillKind.Switchover);
        report.Passed.Should().BeTrue(string.Join("; ", report.Reasons));
        report.AcknowledgedCommitsLost.Should().Be(0);
        report.AchievedRto.Should().BePositive();
        report.Steps.Select(s => s.Name).Should().Equal(SwitchoverDrillSteps.All);
        var acked = report.Steps.Single(s => s.Name == SwitchoverDrillSteps.Verify).Detail;
        acked.Should().NotStartWith("0 writes", "the writer wrote during the drill");

        // Home again: the configured primary is the primary, the journal agrees, and the drill is in the history.
        lab.Engine.ServiceStates.Single().PrimarySiteId.Should().Be(DrillLab.PrimarySite);
        (await lab.Cluster.Primary.ScalarAsync<bool>("SELECT pg_is_in_recovery()", "postgres")).Should().BeFalse();
        (await DrillHistory.ListAsync(lab.Journal, lab.Estate, CancellationToken.None)).Should().Contain(r => r.DrillId == done.Id);
        var kinds = (await lab.Journal.ListOperationsAsync(false, CancellationToken.None)).Select(o => o.Kind).ToList();
        kinds.Should().Contain([OperationKind.Switchover, OperationKind.Failback]);
    }

    [Fact]
    public async Task SwitchoverDrill_OutsideAWindow_IsRefusedWithTheReason()
    {
        await using var lab = await DrillLab.StartAsync();
        using var runner = Runner(lab, Windows.Closed);

        var started = await runner.StartAsync(DrillLab.ServiceId, "alice", null, null, CancellationToken.None);

        started.Started.Should().BeFalse();
        started.Reason.Should().Contain("maintenance window");
        (await lab.Journal.ListOperationsAsync(false, CancellationToken.None)).Should().BeEmpty("a refused drill acts on nothing");
    }

    [Fact]
    public async Task SwitchoverDrill_WhileAnOperationRuns_IsRefused()
    {
        await using var lab = await DrillLab.StartAsync();
        using var runner = Runner(lab, Windows.Open);
        var fence = await lab.Engine.RequestAsync(new OperationRequest(DrillLab.ServiceId, OperationKind.Fence, DrillLab.StandbySite, "bob", "maintenance"), CancellationToken.None);
        fence.Accepted.Should().BeTrue(fence.Message);

        var started = await runner.StartAsync(DrillLab.ServiceId, "alice", null, null, CancellationToken.None);

        started.Started.Should().BeFalse();
        started.Reason.Should().Contain("one operation per service").And.Contain(fence.OperationId);
        lab.Engine.ServiceStates.Single().PrimarySiteId.Should().Be(DrillLab.PrimarySite);
    }

    private static SwitchoverDrillRunner Runner(DrillLab lab, IMaintenanceWindows windows)
    {
        return new SwitchoverDrillRunner(
            lab.Estate, lab.Journal, () => lab.Engine, windows, new SqlDrillWriter(lab.Cluster, lab.Sites), DrillHold.Never, TimeProvider.System,
            new SwitchoverDrillOptions { PollInterval = TimeSpan.FromMilliseconds(100), WarmUp = TimeSpan.FromMilliseconds(500) });
    }

    private static async Task<string> JournalTextAsync(DrillLab lab)
    {
        var lines = new List<string>();
        foreach (var op in await lab.Journal.ListOperationsAsync(false, CancellationToken.None))
        {
            lines.Add($"{op.Id} {op.Status} {op.Outcome.Summary}");
            lines.AddRange((await lab.Journal.ReadEntriesAsync(op.Id, CancellationToken.None)).TakeLast(6).Select(e => $"  {e.Kind} {e.Step} {e.Detail}"));
        }

        return string.Join("\n", lines);
    }

    /// <summary>The control loop's part: the engine advances operations only when it ticks.</summary>
    private static async Task TickUntilStoppedAsync(DrillLab lab, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await lab.TickAsync(CancellationToken.None);
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed class Windows(bool open) : IMaintenanceWindows
    {
        public static Windows Open { get; } = new(true);

        public static Windows Closed { get; } = new(false);

        public MaintenanceWindow? OpenAt(string serviceId, DateTimeOffset at) =>
            open ? new MaintenanceWindow("test-window", at.AddMinutes(-1), at.AddMinutes(59)) : null;
    }
}
