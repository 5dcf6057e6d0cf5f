using Failover.ControlPlane.Runtime;
using Failover.Core.Drills;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills;
using Failover.Drills.Scheduling;
using Failover.Drills.Switchover;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Failover.ControlPlane.Api;

/// <summary>
/// Wires drill execution into the control plane: the switchover drill runner (acting through the leader's engine, with
/// the writer the drill extension brings) and the launcher the drill schedules fire. Registered before
/// <see cref="DrillSchedulingServiceCollectionExtensions.AddDrillScheduling"/>, whose fallback launcher then stays unused.
/// </summary>
internal static class DrillsComposition
{
    public static IServiceCollection AddDrills(this IServiceCollection services, Estate estate, ControlPlaneComponents components)
    {
        var extension = components.Seams.Extensions.OfType<DrillPlanExtension>().FirstOrDefault();
        services.AddSingleton(sp =>
        {
            var leaders = sp.GetRequiredService<LeaderEngine>();
            return new SwitchoverDrillRunner(
                estate, sp.GetRequiredService<IJournalStore>(), () => leaders.Current, sp.GetRequiredService<IMaintenanceWindows>(), extension?.Writer,
                sp.GetRequiredService<IDrillFreeze>(), sp.GetRequiredService<TimeProvider>(), new SwitchoverDrillOptions(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<SwitchoverDrillRunner>());
        });
        services.AddSingleton<IDrillLauncher>(sp =>
        {
            var leaders = sp.GetRequiredService<LeaderEngine>();
            return new EngineDrillLauncher(
                () => leaders.Current, leaders.Refusal, sp.GetRequiredService<SwitchoverDrillRunner>(),
                components.Seams.Extensions.Any(e => e.Kind == OperationKind.Drill));
        });
        return services;
    }
}
