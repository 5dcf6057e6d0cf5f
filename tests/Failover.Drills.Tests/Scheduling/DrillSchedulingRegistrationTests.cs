using Failover.Core.Topology;
using Failover.Drills.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Failover.Drills.Tests.Scheduling.TestEstate;

namespace Failover.Drills.Tests.Scheduling;

public sealed class DrillSchedulingRegistrationTests
{
    [Fact]
    public async Task AddDrillScheduling_WithoutALauncher_HostsTheSchedulerAndRefusesDrillsWithAReason()
    {
        var services = new ServiceCollection()
            .AddSingleton(With(Schedule("* * * ? * *")))
            .AddSingleton(TimeProvider.System)
            .AddDrillScheduling(_ => DrillHold.Never)
            .AddDrillScheduling(_ => DrillHold.Never);
        await using var provider = services.BuildServiceProvider();

        var hosted = provider.GetServices<IHostedService>().Should().ContainSingle("registration is idempotent").Subject;
        provider.GetRequiredService<IMaintenanceWindows>().OpenAt("ent-grand-est", ParisTime(2026, 6, 2, 2)).Should().NotBeNull();
        var scheduler = provider.GetRequiredService<DrillSchedulerService>();
        hosted.Should().BeSameAs(scheduler);

        await hosted.StartAsync(CancellationToken.None);
        try
        {
            await Failover.Testing.Wait.UntilAsync(() => Task.FromResult(scheduler.Firings.Recent().Count > 0), TimeSpan.FromSeconds(15), "a firing", () => "");
        }
        finally
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        scheduler.Firings.Recent().Should().NotBeEmpty().And.OnlyContain(f => f.Outcome == DrillFiringOutcome.Refused && f.Reason!.Contains("no IDrillLauncher", StringComparison.Ordinal));
    }

    [Fact]
    public void AddDrillScheduling_ALauncherRegisteredAfterwards_IsTheOneUsed()
    {
        var services = new ServiceCollection()
            .AddSingleton(With(Schedule("0 0 2 ? * TUE")))
            .AddSingleton(TimeProvider.System)
            .AddDrillScheduling(_ => DrillHold.Never)
            .AddSingleton<IDrillLauncher, NamedLauncher>();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IDrillLauncher>().Should().BeOfType<NamedLauncher>();
    }

    private sealed class NamedLauncher : IDrillLauncher
    {
        public Task<DrillLaunchResult> LaunchAsync(string serviceId, DrillKind kind, string requestedBy, CancellationToken ct) =>
            Task.FromResult(DrillLaunchResult.Accepted("drill-1"));
    }
}
