using System.Collections.Concurrent;
using Failover.Core.Topology;
using Failover.Drills.Scheduling;
using static Failover.Drills.Tests.Scheduling.TestEstate;

namespace Failover.Drills.Tests.Scheduling;

/// <summary>The real Quartz scheduler (in-memory store, wall clock) firing an every-second schedule.</summary>
public sealed class DrillSchedulerServiceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Start_EverySecondSchedule_LaunchesTheDrillWithItsKindAndRequester()
    {
        var launcher = new RecordingLauncher();
        await using var service = new DrillSchedulerService(
            WithWindow(AlwaysOpen, new DrillSchedule("nightly", DrillKind.Switchover, "* * * ? * *", Paris, [])), launcher, DrillHold.Never, TimeProvider.System);

        await service.StartAsync(CancellationToken.None);
        await Until(() => !launcher.Calls.IsEmpty);
        await service.StopAsync(CancellationToken.None);

        launcher.Calls.First().Should().Be(("ent-grand-est", DrillKind.Switchover, "schedule:ent-grand-est/nightly"));
        service.Firings.Recent().Should().Contain(f => f.Outcome == DrillFiringOutcome.Started && f.DrillId == "drill-1");
    }

    [Fact]
    public async Task Start_ScheduleWithACalendar_FiresOnlyAtTimesTheCalendarIncludes()
    {
        var launcher = new RecordingLauncher();
        await using var service = new DrillSchedulerService(With(Schedule("* * * ? * *", "even-seconds")), launcher, DrillHold.Never, TimeProvider.System);

        await service.StartAsync(CancellationToken.None);
        await Until(() => service.Firings.Recent().Count >= 2);
        await service.StopAsync(CancellationToken.None);

        service.Firings.Recent().Should().OnlyContain(f => f.ScheduledFor!.Value.Second % 2 == 1, "the calendar excludes even seconds");
    }

    [Fact]
    public async Task Fire_DuringAnIncident_IsSkippedWithTheReason()
    {
        var launcher = new RecordingLauncher();
        var hold = new FixedHold(DrillHoldDecision.Because("site ovh-rbx is Down"));
        await using var service = new DrillSchedulerService(With(Schedule("* * * ? * *")), launcher, hold, TimeProvider.System);

        await service.StartAsync(CancellationToken.None);
        await Until(() => service.Firings.Recent().Count > 0);
        await service.StopAsync(CancellationToken.None);

        launcher.Calls.Should().BeEmpty("no scheduled drill starts while drills are frozen");
        service.Firings.Recent().Should().OnlyContain(f => f.Outcome == DrillFiringOutcome.Frozen && f.Reason == "site ovh-rbx is Down");
    }

    [Fact]
    public async Task Fire_LauncherThrows_IsRecordedAndTheScheduleKeepsFiring()
    {
        var launcher = new RecordingLauncher { Throw = true };
        await using var service = new DrillSchedulerService(With(Schedule("* * * ? * *")), launcher, DrillHold.Never, TimeProvider.System);

        await service.StartAsync(CancellationToken.None);
        await Until(() => service.Firings.Recent().Count >= 2);
        await service.StopAsync(CancellationToken.None);

        service.Firings.Recent().Should().OnlyContain(f => f.Outcome == DrillFiringOutcome.Failed && f.Reason == "journal unavailable");
    }

    [Fact]
    public async Task Fire_SwitchoverOutsideItsMaintenanceWindows_IsRefusedWithoutAskingTheLauncher()
    {
        var launcher = new RecordingLauncher();
        await using var service = new DrillSchedulerService(
            WithWindow(NeverOpen, new DrillSchedule("switchover", DrillKind.Switchover, "* * * ? * *", Paris, [])), launcher, DrillHold.Never, TimeProvider.System);

        await service.StartAsync(CancellationToken.None);
        await Until(() => service.Firings.Recent().Count > 0);
        await service.StopAsync(CancellationToken.None);

        launcher.Calls.Should().BeEmpty();
        service.Firings.Recent().Should().OnlyContain(f => f.Outcome == DrillFiringOutcome.Refused && f.Reason!.Contains("maintenance window", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_EstateWithoutSchedules_StaysOff()
    {
        await using var service = new DrillSchedulerService(With([], []), new RecordingLauncher(), DrillHold.Never, TimeProvider.System);

        await service.StartAsync(CancellationToken.None);

        service.IsRunning.Should().BeFalse();
    }

    private static Task Until(Func<bool> condition) =>
        Failover.Testing.Wait.UntilAsync(() => Task.FromResult(condition()), Deadline, "the schedule, which fires every second, to have fired", () => "");

    private sealed class RecordingLauncher : IDrillLauncher
    {
        private int _count;

        public ConcurrentQueue<(string Service, DrillKind Kind, string RequestedBy)> Calls { get; } = new();

        public bool Throw { get; init; }

        public Task<DrillLaunchResult> LaunchAsync(string serviceId, DrillKind kind, string requestedBy, CancellationToken ct)
        {
            if (Throw)
            {
                throw new InvalidOperationException("journal unavailable");
            }

            Calls.Enqueue((serviceId, kind, requestedBy));
            return Task.FromResult(DrillLaunchResult.Accepted($"drill-{Interlocked.Increment(ref _count)}"));
        }
    }

    private sealed class FixedHold(DrillHoldDecision decision) : IDrillHold
    {
        public DrillHoldDecision Check(string serviceId) => decision;
    }
}
