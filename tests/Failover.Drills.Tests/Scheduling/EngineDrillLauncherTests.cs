using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills.Scheduling;
using Failover.Drills.Switchover;

namespace Failover.Drills.Tests.Scheduling;

/// <summary>The launcher the drill schedules fire, over the real engine (simulated sites, in-memory journal, simulated time).</summary>
public sealed class EngineDrillLauncherTests
{
    [Fact]
    public async Task Launch_IsolatedOnTheLeader_StartsTheDrillOperation()
    {
        using var harness = new DrillHarness();
        var launcher = new EngineDrillLauncher(() => harness.Engine, () => null, null, isolatedAvailable: true);

        var result = await launcher.LaunchAsync(DrillHarness.ServiceId, DrillKind.Isolated, "schedule:ent-1/weekly", CancellationToken.None);

        result.Started.Should().BeTrue(result.Reason);
        var op = await harness.OperationAsync(result.DrillId!);
        op.Kind.Should().Be(OperationKind.Drill);
        op.Request.Variant.Should().Be(DrillVariants.Isolated);
        op.Request.RequestedBy.Should().Be("schedule:ent-1/weekly");
        op.Status.Should().Be(OperationStatus.Queued);
        await harness.TickAsync(30);
        (await harness.OperationAsync(result.DrillId!)).Status.Should().Be(OperationStatus.Succeeded, "the control loop runs the scheduled drill to its end");
    }

    [Fact]
    public async Task Launch_OnAFollower_StartsNothingAndNamesTheLeader()
    {
        using var harness = new DrillHarness();
        var launcher = new EngineDrillLauncher(() => null, () => "this instance (cp-2) is a follower; the leader is cp-1", null, isolatedAvailable: true);

        var result = await launcher.LaunchAsync(DrillHarness.ServiceId, DrillKind.Isolated, "schedule:ent-1/weekly", CancellationToken.None);

        result.Started.Should().BeFalse();
        result.Reason.Should().Contain("follower").And.Contain("cp-1");
        (await harness.Journal.ListOperationsAsync(false, CancellationToken.None)).Should().BeEmpty("a follower never acts");
    }

    [Fact]
    public async Task Launch_WhileAnOperationRuns_IsRefusedByTheEngine()
    {
        using var harness = new DrillHarness();
        var first = await harness.RequestDrillAsync();
        var launcher = new EngineDrillLauncher(() => harness.Engine, () => null, null, isolatedAvailable: true);

        var result = await launcher.LaunchAsync(DrillHarness.ServiceId, DrillKind.Isolated, "schedule:ent-1/weekly", CancellationToken.None);

        result.Started.Should().BeFalse();
        result.Reason.Should().Contain("one operation per service").And.Contain(first.OperationId);
    }

    [Fact]
    public async Task Launch_SwitchoverOutsideAWindow_IsRefusedByTheRunner()
    {
        using var harness = new DrillHarness();
        using var runner = new SwitchoverDrillRunner(
            harness.Estate, harness.Journal, () => harness.Engine, new NoWindows(), new NeverWriter(), DrillHold.Never, harness.Time);
        var launcher = new EngineDrillLauncher(() => harness.Engine, () => null, runner, isolatedAvailable: true);

        var result = await launcher.LaunchAsync(DrillHarness.ServiceId, DrillKind.Switchover, "schedule:ent-1/monthly", CancellationToken.None);

        result.Started.Should().BeFalse();
        result.Reason.Should().Contain("maintenance window");
        (await harness.Journal.ListOperationsAsync(false, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Launch_IsolatedWithoutASandbox_IsRefused()
    {
        using var harness = new DrillHarness();
        var launcher = new EngineDrillLauncher(() => harness.Engine, () => null, null, isolatedAvailable: false);

        var result = await launcher.LaunchAsync(DrillHarness.ServiceId, DrillKind.Isolated, "schedule:ent-1/weekly", CancellationToken.None);

        result.Started.Should().BeFalse();
        result.Reason.Should().Contain("sandbox");
    }

    private sealed class NoWindows : IMaintenanceWindows
    {
        public MaintenanceWindow? OpenAt(string serviceId, DateTimeOffset at) => null;
    }

    private sealed class NeverWriter : IDrillWriter
    {
        public Task<IDrillWriterSession> StartAsync(Core.Topology.Service service, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a refused drill never writes");
    }
}
