using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills.Sandbox;
using Failover.Drills.Scheduling;
using Failover.Drills.Switchover;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Failover.Drills;

public static class DrillsServiceCollectionExtensions
{
    /// <summary>
    /// Registers drill execution (idempotent): the <see cref="SwitchoverDrillRunner"/> (with the registered
    /// <see cref="IDrillWriter"/>; without one it refuses switchover drills), the <see cref="IDrillLauncher"/> the drill
    /// schedules fire (isolated drills only when an <see cref="IDrillSandbox"/> is registered), the schedules themselves
    /// (<see cref="DrillSchedulingServiceCollectionExtensions.AddDrillScheduling"/>), and <see cref="DrillOptions"/> and
    /// <see cref="SwitchoverDrillOptions"/>. Needs the <see cref="Estate"/>, the <see cref="IJournalStore"/>, an
    /// <see cref="IActingEngine"/> and a <see cref="TimeProvider"/> registered.
    /// </summary>
    /// <param name="hold">The drill hold during an incident, usually <see cref="DrillHold.FromIncidents"/> over the control loop's status.</param>
    public static IServiceCollection AddFailoverDrills(this IServiceCollection services, Func<IServiceProvider, IDrillHold> hold)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(hold);
        services.AddOptions<DrillOptions>();
        services.AddOptions<SwitchoverDrillOptions>();
        services.TryAddSingleton(sp =>
        {
            var engine = sp.GetRequiredService<IActingEngine>();
            return new SwitchoverDrillRunner(
                sp.GetRequiredService<Estate>(), sp.GetRequiredService<IJournalStore>(), () => engine.Current, sp.GetRequiredService<IMaintenanceWindows>(),
                sp.GetService<IDrillWriter>(), sp.GetRequiredService<IDrillHold>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<SwitchoverDrillOptions>>().Value, sp.GetService<ILoggerFactory>()?.CreateLogger<SwitchoverDrillRunner>());
        });
        services.TryAddSingleton<IDrillLauncher>(sp =>
        {
            var engine = sp.GetRequiredService<IActingEngine>();
            return new EngineDrillLauncher(() => engine.Current, engine.Refusal, sp.GetRequiredService<SwitchoverDrillRunner>(), sp.GetService<IDrillSandbox>() is not null);
        });
        return services.AddDrillScheduling(hold);
    }

    /// <summary>
    /// Makes isolated drills available (idempotent): registers <paramref name="sandbox"/>, where they build their
    /// throwaway copy (the caller owns and disposes it), and the <see cref="DrillPlanExtension"/> over it, whose steps
    /// the engine runs.
    /// </summary>
    public static IServiceCollection AddFailoverDrillSandbox(this IServiceCollection services, IDrillSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(sandbox);
        services.AddOptions<DrillOptions>();
        services.TryAddSingleton(sandbox);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlanExtension, DrillPlanExtension>(sp =>
            new DrillPlanExtension(sp.GetRequiredService<IDrillSandbox>(), sp.GetRequiredService<IOptions<DrillOptions>>().Value)));
        return services;
    }
}
