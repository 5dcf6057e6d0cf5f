using Failover.Core.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Failover.Drills.Scheduling;

public static class DrillSchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Runs the estate's drill schedules in the host (a hosted <see cref="DrillSchedulerService"/>, idle without
    /// schedules) and registers the estate's <see cref="IMaintenanceWindows"/>. Needs <see cref="Estate"/> and
    /// <see cref="TimeProvider"/> registered; uses the registered <see cref="IDrillLauncher"/> (drill execution,
    /// <see cref="DrillsServiceCollectionExtensions.AddFailoverDrills"/>) or, without one, refuses every scheduled drill with a reason.
    /// </summary>
    /// <param name="hold">The drill hold during an incident, usually <see cref="DrillHold.FromIncidents"/> over the control loop's status.</param>
    public static IServiceCollection AddDrillScheduling(this IServiceCollection services, Func<IServiceProvider, IDrillHold> hold)
    {
        ArgumentNullException.ThrowIfNull(hold);
        services.TryAddSingleton<IDrillHold>(hold);
        services.TryAddSingleton<IDrillLauncher, UnavailableDrillLauncher>();
        services.TryAddSingleton(sp => DrillScheduling.MaintenanceWindows(sp.GetRequiredService<Estate>()));
        services.TryAddSingleton(sp => new DrillSchedulerService(
            sp.GetRequiredService<Estate>(),
            sp.GetRequiredService<IDrillLauncher>(),
            sp.GetRequiredService<IDrillHold>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DrillSchedulerService>(sp => sp.GetRequiredService<DrillSchedulerService>()));
        return services;
    }
}
