using Failover.Core.Health;
using Failover.Core.Topology;
using Failover.Core.Workloads;
using Failover.Kubernetes.Client;
using Failover.Kubernetes.Health;
using Failover.Kubernetes.Workloads;
using Failover.Probes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Failover.Kubernetes;

public static class KubernetesServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Kubernetes sites of <paramref name="estate"/> (idempotent; nothing when no site has a cluster): the
    /// client factory (one client per cluster, disposed with the container), the health client and its probe, and the
    /// <see cref="IWorkloadControl"/> when some service declares workloads or a primary pointer on such a site.
    /// </summary>
    public static IServiceCollection AddFailoverKubernetes(this IServiceCollection services, Estate estate)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(estate);
        if (!estate.Sites.Any(s => s.Kubernetes is not null))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => KubernetesWorkloads.CreateClientFactory());
        services.TryAddSingleton(sp => KubernetesHealth.CreateClient(sp.GetRequiredService<IKubernetesClientFactory>()));
        services.AddFailoverKubernetesProbe();
        if (KubernetesWorkloads.Needed(estate))
        {
            services.TryAddSingleton(sp => KubernetesWorkloads.Create(
                estate, sp.GetRequiredService<IKubernetesClientFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
        }

        return services;
    }
}
