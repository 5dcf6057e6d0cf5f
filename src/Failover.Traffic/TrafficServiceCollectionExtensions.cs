using Failover.Core.Secrets;
using Failover.Core.Topology;
using Failover.Core.Traffic;
using Failover.Traffic.Edge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Failover.Traffic;

public static class TrafficServiceCollectionExtensions
{
    /// <summary>
    /// Registers the traffic adapter (idempotent): <see cref="ITrafficRouterFactory"/> with its
    /// <see cref="TrafficOptions"/> (options pattern, checked when the factory is built), and the estate's
    /// <see cref="EstateRouters"/> (needs the <see cref="Estate"/> registered). The factory needs an
    /// <see cref="ISecretResolver"/>; it uses TimeProvider.System unless one is registered, and an in-process
    /// <see cref="EdgeProxy"/> when one is registered.
    /// </summary>
    public static IServiceCollection AddFailoverTraffic(this IServiceCollection services, Action<TrafficOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TrafficOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITrafficRouterFactory>(sp => new TrafficRouterFactory(
            sp.GetRequiredService<ISecretResolver>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<TrafficOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<EdgeProxy>()));
        services.TryAddSingleton(sp => EstateRouters.For(sp.GetRequiredService<Estate>(), sp.GetRequiredService<ITrafficRouterFactory>()));
        return services;
    }
}
