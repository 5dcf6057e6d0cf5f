using Failover.Core.Health;
using Failover.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Failover.Probes;

public static class ProbesServiceCollectionExtensions
{
    /// <summary>
    /// Registers the HTTP, TCP and PostgreSQL probes as <see cref="IProbe"/> (idempotent). The PostgreSQL probe needs an
    /// <see cref="ISecretResolver"/>. Deadlines, timing and failure logs belong to the caller (<see cref="ProbeDeadline"/>).
    /// </summary>
    public static IServiceCollection AddFailoverProbes(this IServiceCollection services, HttpProbeOptions? http = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProbe, HttpProbe>(_ => new HttpProbe(http)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProbe, TcpProbe>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProbe, PostgresProbe>());
        return services;
    }

    /// <summary>
    /// Registers the Kubernetes probe as <see cref="IProbe"/> (idempotent); it needs an <see cref="IKubernetesHealthClient"/>.
    /// The Kubernetes adapter's registration calls it.
    /// </summary>
    public static IServiceCollection AddFailoverKubernetesProbe(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProbe, KubernetesProbe>());
        return services;
    }

    /// <summary>Probes for use without a container (benchmarks, one-shot tools): HTTP, TCP, and PostgreSQL when a resolver is given.</summary>
    public static IReadOnlyList<IProbe> CreateProbes(ISecretResolver? secrets = null, HttpProbeOptions? http = null) =>
        secrets is null ? [new HttpProbe(http), new TcpProbe()] : [new HttpProbe(http), new TcpProbe(), new PostgresProbe(secrets)];
}
