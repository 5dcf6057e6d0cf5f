using Failover.Core.Health;
using Failover.Kubernetes.Client;

namespace Failover.Kubernetes.Health;

/// <summary>Entry point for hosts: the Kubernetes probe's client.</summary>
public static class KubernetesHealth
{
    public static IKubernetesHealthClient CreateClient(IKubernetesClientFactory clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        return new KubernetesHealthClient(clients);
    }
}
