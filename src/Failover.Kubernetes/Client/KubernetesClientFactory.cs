using System.Collections.Concurrent;
using Failover.Core.Topology;
using k8s;

namespace Failover.Kubernetes.Client;

/// <summary>
/// The one place Kubernetes clients are built. Per site: one client per <see cref="KubernetesTarget"/> (kubeconfig file
/// and context; without a file, the in-cluster configuration when running in a pod and no context is named, else the
/// default kubeconfig), kept; a kubeconfig that fails to load is not cached, so a fixed file is picked up on retry.
/// For the control plane itself: <see cref="CreateControlPlaneClient"/>, from the same configuration code.
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

    /// <summary>
    /// The control plane's own client (leases, journal): from the kubeconfig file when one is given, else the pod's
    /// service account; the error says which source was tried and why it failed. Unlike a site's client it keeps the
    /// client library's default HTTP timeout, a backstop for the lease elector's calls.
    /// </summary>
    public static IKubernetes CreateControlPlaneClient(string? kubeconfig)
    {
        if (kubeconfig is not null && !File.Exists(kubeconfig))
        {
            throw new FileNotFoundException($"--kubeconfig: file '{kubeconfig}' does not exist", kubeconfig);
        }

        if (kubeconfig is null && !KubernetesClientConfiguration.IsInCluster())
        {
            throw new InvalidOperationException("--kubeconfig: not given, and this process does not run in a pod (no service account token): give --kubeconfig FILE");
        }

        return new k8s.Kubernetes(Configuration(kubeconfig, context: null));
    }

    private static k8s.Kubernetes Create(KubernetesTarget target)
    {
        var configuration = Configuration(target.KubeconfigFile, target.Context);

        // Each call has its own deadline (linked token); the client's own 100 s default would only hide it.
        configuration.HttpClientTimeout = Timeout.InfiniteTimeSpan;
        return new k8s.Kubernetes(configuration);
    }

    /// <summary>A kubeconfig file (and context); without one, the pod's service account when in a pod and no context is named, else $KUBECONFIG or ~/.kube/config.</summary>
    private static KubernetesClientConfiguration Configuration(string? kubeconfigFile, string? context) =>
        kubeconfigFile is { Length: > 0 } file
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(file, context)
            : context is null && KubernetesClientConfiguration.IsInCluster()
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath: null, context);
}
