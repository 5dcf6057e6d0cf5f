using Failover.Core.Topology;
using k8s;
using k8s.Models;

namespace Failover.Kubernetes.Workloads;

/// <summary>A Deployment or a StatefulSet, as far as scaling, restarting and availability go.</summary>
internal sealed class WorkloadObject
{
    private readonly V1Deployment? _deployment;
    private readonly V1StatefulSet? _set;

    private WorkloadObject(V1Deployment deployment) => _deployment = deployment;

    private WorkloadObject(V1StatefulSet set) => _set = set;

    public V1ObjectMeta Metadata => _deployment?.Metadata ?? _set!.Metadata;

    public int Replicas
    {
        get => (_deployment is not null ? _deployment.Spec.Replicas : _set!.Spec.Replicas) ?? 1;
        set
        {
            if (_deployment is not null)
            {
                _deployment.Spec.Replicas = value;
            }
            else
            {
                _set!.Spec.Replicas = value;
            }
        }
    }

    public V1PodTemplateSpec Template => _deployment?.Spec.Template ?? _set!.Spec.Template;

    /// <summary>Replicas ready to serve: availableReplicas for a Deployment; for a StatefulSet, availableReplicas or, when the server does not report it, readyReplicas.</summary>
    public int Available => _deployment is not null
        ? _deployment.Status?.AvailableReplicas ?? 0
        : _set!.Status?.AvailableReplicas ?? _set.Status?.ReadyReplicas ?? 0;

    public int Ready => (_deployment is not null ? _deployment.Status?.ReadyReplicas : _set!.Status?.ReadyReplicas) ?? 0;

    /// <summary>Pods that still exist (any state).</summary>
    public int Existing => (_deployment is not null ? _deployment.Status?.Replicas : _set!.Status?.Replicas) ?? 0;

    public bool GenerationObserved =>
        ((_deployment is not null ? _deployment.Status?.ObservedGeneration : _set!.Status?.ObservedGeneration) ?? 0) >= (Metadata.Generation ?? 0);

    public bool IsAvailable(int wanted) => GenerationObserved && Available >= wanted && Ready >= wanted;

    public bool IsScaledDown(int wanted) => GenerationObserved && Existing <= wanted;

    public string Describe(int wanted) =>
        $"{Metadata.Name}: {Available}/{wanted} available, {Ready} ready{(GenerationObserved ? "" : $", generation {Metadata.Generation} not yet observed")}";

    public static async Task<WorkloadObject> ReadAsync(IKubernetes client, WorkloadSpec spec, string @namespace, CancellationToken cancellationToken) =>
        spec.Kind == WorkloadKind.StatefulSet
            ? new WorkloadObject(await client.AppsV1.ReadNamespacedStatefulSetAsync(spec.Name, @namespace, cancellationToken: cancellationToken))
            : new WorkloadObject(await client.AppsV1.ReadNamespacedDeploymentAsync(spec.Name, @namespace, cancellationToken: cancellationToken));

    /// <summary>Writes the whole object back with its resourceVersion: a concurrent change makes the server answer 409.</summary>
    public async Task ReplaceAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        if (_deployment is not null)
        {
            await client.AppsV1.ReplaceNamespacedDeploymentAsync(_deployment, Metadata.Name, Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        else
        {
            await client.AppsV1.ReplaceNamespacedStatefulSetAsync(_set!, Metadata.Name, Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
    }
}
