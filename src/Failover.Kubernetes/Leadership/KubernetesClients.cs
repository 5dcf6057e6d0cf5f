using k8s;

namespace Failover.Kubernetes.Leadership;

/// <summary>
/// The control plane's own API client (leases, journal): from a kubeconfig file, else the pod's service account.
/// A stand-in until the shared client factory (src/Failover.Kubernetes/Client) is folded in.
/// </summary>
public static class KubernetesClients
{
    /// <summary>Builds the client; the error says which source was tried and why it failed.</summary>
    public static IKubernetes Create(string? kubeconfig)
    {
        if (kubeconfig is not null)
        {
            if (!File.Exists(kubeconfig))
            {
                throw new FileNotFoundException($"--kubeconfig: file '{kubeconfig}' does not exist", kubeconfig);
            }

            return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        }

        if (!KubernetesClientConfiguration.IsInCluster())
        {
            throw new InvalidOperationException("--kubeconfig: not given, and this process does not run in a pod (no service account token): give --kubeconfig FILE");
        }

        return new k8s.Kubernetes(KubernetesClientConfiguration.InClusterConfig());
    }
}
