using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Failover.Testing;

/// <summary>
/// Plays kubelet and controller manager for one namespace: makes every Deployment's and StatefulSet's status follow
/// its spec (replicas ready and available, generation observed), except for the workloads a test holds back, which
/// stay at the availability they had. Without it, a scaled workload would never become available on a bare API server.
/// </summary>
public sealed class FakeKubelet : IAsyncDisposable
{
    private readonly k8s.Kubernetes _client;
    private readonly string _namespace;
    private readonly ConcurrentDictionary<string, bool> _held = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeKubelet(KubeApiServer server, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(server);
        _client = server.CreateClient();
        _namespace = @namespace;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The workload's pods never become ready: its availability stays where it is.</summary>
    public void Hold(string name) => _held[name] = true;

    public void Release(string name) => _held.TryRemove(name, out _);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
        _client.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var deployment in (await _client.AppsV1.ListNamespacedDeploymentAsync(_namespace, cancellationToken: cancellationToken)).Items)
                {
                    if (Lagging(deployment.Metadata, deployment.Spec.Replicas ?? 1, deployment.Status?.ObservedGeneration, deployment.Status?.AvailableReplicas))
                    {
                        await _client.AppsV1.PatchNamespacedDeploymentStatusAsync(
                            StatusPatch(deployment.Metadata, deployment.Spec.Replicas ?? 1, deployment.Status?.AvailableReplicas), deployment.Metadata.Name, _namespace, cancellationToken: cancellationToken);
                    }
                }

                foreach (var set in (await _client.AppsV1.ListNamespacedStatefulSetAsync(_namespace, cancellationToken: cancellationToken)).Items)
                {
                    if (Lagging(set.Metadata, set.Spec.Replicas ?? 1, set.Status?.ObservedGeneration, set.Status?.AvailableReplicas))
                    {
                        await _client.AppsV1.PatchNamespacedStatefulSetStatusAsync(
                            StatusPatch(set.Metadata, set.Spec.Replicas ?? 1, set.Status?.AvailableReplicas), set.Metadata.Name, _namespace, cancellationToken: cancellationToken);
                    }
                }
            }
            catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException)
            {
                // A conflict with the product's own write, or the server going away at the end of a test: next round.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private bool Lagging(V1ObjectMeta metadata, int replicas, long? observedGeneration, int? available) =>
        observedGeneration != metadata.Generation || (!_held.ContainsKey(metadata.Name) && (available ?? 0) != replicas);

    private V1Patch StatusPatch(V1ObjectMeta metadata, int replicas, int? available)
    {
        var ready = _held.ContainsKey(metadata.Name) ? Math.Min(available ?? 0, replicas) : replicas;
        var status = new
        {
            status = new
            {
                observedGeneration = metadata.Generation,
                replicas,
                updatedReplicas = replicas,
                readyReplicas = ready,
                availableReplicas = ready,
                currentReplicas = replicas,
            },
        };
        return new V1Patch(status, V1Patch.PatchType.MergePatch);
    }
}
