using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Kubernetes.Client;
using Failover.Kubernetes.Journal;
using Failover.Kubernetes.Leadership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using k8s;

namespace Failover.Kubernetes;

/// <summary>
/// What several control-plane replicas share in Kubernetes: the journal in ConfigMaps that only the leader may write,
/// and leader election on a Lease. Both use the control plane's own API client (<see cref="IKubernetes"/>, from
/// <c>--kubeconfig</c> or the pod's service account, disposed with the container).
/// </summary>
public static class KubernetesHighAvailabilityServiceCollectionExtensions
{
    /// <summary>Registers the Kubernetes journal at <paramref name="location"/> as <see cref="IJournalStore"/> (idempotent).</summary>
    public static IServiceCollection AddFailoverKubernetesJournal(this IServiceCollection services, KubernetesJournalLocation location, string? kubeconfig)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(location);
        services.AddControlPlaneClient(kubeconfig);
        services.TryAddSingleton<IJournalStore>(sp => new KubernetesJournalStore(
            sp.GetRequiredService<IKubernetes>(), location.Namespace, location.Name,
            logger: sp.GetService<ILoggerFactory>()?.CreateLogger<KubernetesJournalStore>(), time: sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>Registers leader election on the Lease <paramref name="options"/> names as <see cref="ILeadership"/> (idempotent).</summary>
    public static IServiceCollection AddFailoverLeaseLeadership(this IServiceCollection services, LeaseLeadershipOptions options, string? kubeconfig)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddControlPlaneClient(kubeconfig);
        services.TryAddSingleton(sp => KubernetesLeadership.Create(
            sp.GetRequiredService<IKubernetes>(), options,
            (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger("Failover.Kubernetes.Leadership") ?? NullLogger.Instance));
        return services;
    }

    private static void AddControlPlaneClient(this IServiceCollection services, string? kubeconfig) =>
        services.TryAddSingleton(_ => KubernetesClientFactory.CreateControlPlaneClient(kubeconfig));
}
