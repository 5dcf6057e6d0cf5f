using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills.Scheduling;

namespace Failover.Drills.Tests.Scheduling;

/// <summary>The real Quartz scheduler (in-memory store, wall clock) firing an every-second schedule into the real launcher and engine.</summary>
public sealed class ScheduledDrillLaunchTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Firing_OnTheLeader_StartsADrillInTheEngine()
    {
        using var harness = new DrillHarness();
        var launcher = new EngineDrillLauncher(() => harness.Engine, () => null, null, isolatedAvailable: true);
        await using var scheduler = new DrillSchedulerService(EverySecond(harness.Estate), launcher, DrillHold.Never, TimeProvider.System);

        await scheduler.StartAsync(CancellationToken.None);
        await Until(() => scheduler.Firings.Recent().Count > 0);
        await scheduler.StopAsync(CancellationToken.None);

        var firing = scheduler.Firings.Recent()[0];
        firing.Outcome.Should().Be(DrillFiringOutcome.Started, firing.Reason);
        var op = await harness.OperationAsync(firing.DrillId!);
        op.Kind.Should().Be(OperationKind.Drill);
        op.Request.RequestedBy.Should().Be($"schedule:{DrillHarness.ServiceId}/every-second");
    }

    [Fact]
    public async Task Firing_OnAFollower_StartsNothing()
    {
        using var harness = new DrillHarness();
        var launcher = new EngineDrillLauncher(() => null, () => "this instance (cp-2) is a follower; the leader is cp-1", null, isolatedAvailable: true);
        await using var scheduler = new DrillSchedulerService(EverySecond(harness.Estate), launcher, DrillHold.Never, TimeProvider.System);

        await scheduler.StartAsync(CancellationToken.None);
        await Until(() => scheduler.Firings.Recent().Count > 0);
        await scheduler.StopAsync(CancellationToken.None);

        scheduler.Firings.Recent().Should().OnlyContain(f => f.Outcome == DrillFiringOutcome.Refused && f.Reason!.Contains("follower"));
        (await harness.Journal.ListOperationsAsync(false, CancellationToken.None)).Should().BeEmpty();
    }

    private static Estate EverySecond(Estate estate) => estate with
    {
        Services = estate.Services.Select(s => s.Id == DrillHarness.ServiceId
            ? s with { Drills = new ServiceDrills([new DrillSchedule("every-second", DrillKind.Isolated, "* * * ? * *", "Europe/Paris", [])], []) }
            : s).ToList(),
    };

    private static Task Until(Func<bool> condition) =>
        Failover.Testing.Wait.UntilAsync(() => Task.FromResult(condition()), Deadline, "the schedule, which fires every second, to have fired", () => "");
}
