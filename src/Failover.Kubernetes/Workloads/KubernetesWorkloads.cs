using Failover.Core.Topology;
using Failover.Core.Workloads;
using Failover.Kubernetes.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Kubernetes.Workloads;

/// <summary>Entry points for hosts: the Kubernetes workload control and the client factory it shares with the probe.</summary>
public static class KubernetesWorkloads
{
    /// <summary>True when some service declares workloads or a primary pointer at a site that has a Kubernetes cluster.</summary>
    public static bool Needed(Estate estate)
    {
        ArgumentNullException.ThrowIfNull(estate);
        return estate.Services.Any(s => (s.Workloads.Count > 0 || s.PrimaryPointer is not null)
            && s.SiteIds.Any(id => estate.Sites.FirstOrDefault(site => site.Id == id)?.Kubernetes is not null));
    }

    public static IKubernetesClientFactory CreateClientFactory() => new KubernetesClientFactory();

    public static IWorkloadControl Create(
        Estate estate, IKubernetesClientFactory clients, TimeProvider time, ILoggerFactory? loggers = null, KubernetesCallOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(time);
        (options ?? new KubernetesCallOptions()).Validate();
        return new KubernetesWorkloadControl(estate, clients, time,
            (ILogger?)loggers?.CreateLogger<KubernetesWorkloadControl>() ?? NullLogger.Instance, options);
    }
}
