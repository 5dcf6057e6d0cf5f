using Failover.Core.Topology;
using k8s;

namespace Failover.Kubernetes.Client;

/// <summary>A client for a site's cluster, built from its <see cref="KubernetesTarget"/> and cached per target.</summary>
public interface IKubernetesClientFactory
{
    /// <summary>The client for the cluster; throws <see cref="k8s.Exceptions.KubeConfigException"/> when the kubeconfig is unusable.</summary>
    IKubernetes ClientFor(KubernetesTarget target);
}
