using System.Collections.Concurrent;
using Failover.Core.Topology;
using k8s;

namespace Failover.Kubernetes.Client;

/// <summary>
/// Builds one client per <see cref="KubernetesTarget"/> (kubeconfig file and context; without a file, the in-cluster
/// configuration when running in a pod and no context is named, else the default kubeconfig) and keeps it. A kubeconfig that fails to load is not cached, so a fixed file is picked up on retry.
/// </summary>
internal sealed class KubernetesClientFactory : IKubernetesClientFactory, IDisposable
{
    private readonly ConcurrentDictionary<KubernetesTarget, Lazy<IKubernetes>> _clients = new();

    public IKubernetes ClientFor(KubernetesTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var lazy = _clients.GetOrAdd(target, t => new Lazy<IKubernetes>(() => Create(t), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _clients.TryRemove(new KeyValuePair<KubernetesTarget, Lazy<IKubernetes>>(target, lazy));
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var lazy in _clients.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }

        _clients.Clear();
    }

    private static k8s.Kubernetes Create(KubernetesTarget target)
    {
        var configuration = target.KubeconfigFile is { Length: > 0 } file
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(file, target.Context)
            : target.Context is null && KubernetesClientConfiguration.IsInCluster()
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath: null, target.Context); // $KUBECONFIG or ~/.kube/config

        // Each call has its own deadline (linked token); the client's own 100 s default would only hide it.
        configuration.HttpClientTimeout = Timeout.InfiniteTimeSpan;
        return new k8s.Kubernetes(configuration);
    }
}
