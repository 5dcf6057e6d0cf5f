using Failover.Core.Secrets;
using Failover.Core.Traffic;
using Failover.Traffic.Edge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Failover.Traffic;

public static class TrafficServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITrafficRouterFactory"/> (needs an <see cref="ISecretResolver"/>; uses TimeProvider.System
    /// unless one is registered, and an in-process <see cref="EdgeProxy"/> when one is registered). Idempotent.
    /// </summary>
    public static IServiceCollection AddFailoverTraffic(this IServiceCollection services, Action<TrafficOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new TrafficOptions();
        configure?.Invoke(options);
        options.Validate();
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITrafficRouterFactory>(sp => new TrafficRouterFactory(
            sp.GetRequiredService<ISecretResolver>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<TrafficOptions>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<EdgeProxy>()));
        return services;
    }
}
