using Failover.Core.Health;
using Failover.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Failover.Probes;

public static class ProbesServiceCollectionExtensions
{
    /// <summary>
    /// Registers the HTTP, TCP and PostgreSQL probes as <see cref="IProbe"/> (idempotent). The PostgreSQL probe needs an
    /// <see cref="ISecretResolver"/>; the Kubernetes probe comes with the Kubernetes adapter (<see cref="AddFailoverKubernetesProbe"/>), or here when an <see cref="IKubernetesHealthClient"/> is already registered.
    /// </summary>
    public static IServiceCollection AddFailoverProbes(this IServiceCollection services, HttpProbeOptions? http = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProbe, HttpProbe>(sp =>
            new HttpProbe(sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<HttpProbe>>(), http)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProbe, TcpProbe>(sp =>
            new TcpProbe(sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<TcpProbe>>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProbe, PostgresProbe>(sp =>
            new PostgresProbe(sp.GetRequiredService<ISecretResolver>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<PostgresProbe>>())));
        if (services.Any(d => d.ServiceType == typeof(IKubernetesHealthClient)))
        {
            // A host that registered its own health client before gets the probe as well.
            services.AddFailoverKubernetesProbe();
        }

        return services;
    }

    /// <summary>
    /// Registers the Kubernetes probe as <see cref="IProbe"/> (idempotent); it needs an <see cref="IKubernetesHealthClient"/>.
    /// The Kubernetes adapter's registration calls it, so the probe comes with the adapter whatever the order of the calls.
    /// </summary>
    public static IServiceCollection AddFailoverKubernetesProbe(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProbe, KubernetesProbe>(sp =>
            new KubernetesProbe(sp.GetRequiredService<IKubernetesHealthClient>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<KubernetesProbe>>())));
        return services;
    }

    /// <summary>Probes for use without DI (CLI one-shots, benchmarks): HTTP, TCP, and PostgreSQL when a resolver is given.</summary>
    public static IReadOnlyList<IProbe> CreateProbes(TimeProvider time, ILoggerFactory? loggers = null, ISecretResolver? secrets = null, HttpProbeOptions? http = null)
    {
        var probes = new List<IProbe>
        {
            new HttpProbe(time, loggers?.CreateLogger<HttpProbe>(), http),
            new TcpProbe(time, loggers?.CreateLogger<TcpProbe>()),
        };
        if (secrets is not null)
        {
            probes.Add(new PostgresProbe(secrets, time, loggers?.CreateLogger<PostgresProbe>()));
        }

        return probes;
    }
}
