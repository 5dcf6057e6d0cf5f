using Failover.Core.Secrets;
using Failover.Drills;
using Failover.Drills.Switchover;
using Failover.Postgres.Programs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Failover.Lab.Drills;

/// <summary>Gives the lab's control plane drills: isolated drills in the lab's sandbox under <c>{lab}/drills</c>, and the
/// writer switchover drills run through the edge.</summary>
public static class LabDrills
{
    public static LabDrillSandbox Sandbox(LabLayout layout, ISecretResolver secrets, HttpClient http, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(loggers);
        return new LabDrillSandbox(Path.Combine(layout.Directory, "drills"), PostgresPrograms.Locate(), secrets, http, loggers.CreateLogger("Failover.Lab.Drills"));
    }

    /// <summary>Registers <paramref name="sandbox"/> (owned by the caller) for isolated drills and the lab's writer for switchover drills.</summary>
    public static IServiceCollection AddLabDrills(this IServiceCollection services, LabLayout layout, LabDrillSandbox sandbox, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddFailoverDrillSandbox(sandbox);
        services.Replace(ServiceDescriptor.Singleton<IDrillWriter>(LabDrillWriter.For(layout, http)));
        return services;
    }
}
