using Failover.Core.Replication;
using Failover.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Failover.Postgres;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Registers the PostgreSQL adapter (idempotent): <see cref="IReplicationControl"/> with its
    /// <see cref="PostgresReplicationOptions"/> (options pattern, checked when the control is built), and the
    /// <see cref="ISecretResolver"/> (<c>env:</c> and <c>file:</c> references) unless one is registered. Uses the
    /// registered <see cref="TimeProvider"/> (the system clock unless one is) and logger factory.
    /// </summary>
    public static IServiceCollection AddFailoverPostgres(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PostgresReplicationOptions>();
        services.TryAddSingleton<ISecretResolver, EnvironmentAndFileSecretResolver>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => PostgresReplication.Create(
            sp.GetRequiredService<ISecretResolver>(),
            sp.GetRequiredService<IOptions<PostgresReplicationOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        return services;
    }
}
