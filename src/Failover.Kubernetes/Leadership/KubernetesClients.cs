using Failover.Kubernetes.Client;
using k8s;

namespace Failover.Kubernetes.Leadership;

/// <summary>The control plane's own API client (leases, journal): from a kubeconfig file, else the pod's service account.</summary>
public static class KubernetesClients
{
    /// <summary>Builds the client; the error says which source was tried and why it failed.</summary>
    public static IKubernetes Create(string? kubeconfig) => KubernetesClientFactory.CreateControlPlaneClient(kubeconfig);
}
