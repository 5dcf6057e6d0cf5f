using k8s.Models;

namespace Failover.Kubernetes.Workloads;

/// <summary>What every write of one request carries: the epoch and operation to stamp, and the test hook run between read and write.</summary>
internal sealed record WorkloadWrite(Core.Epoch Epoch, string OperationId, Func<string, CancellationToken, Task>? BeforeWrite)
{
    public void Stamp(V1ObjectMeta metadata) => Annotations.Stamp(metadata, Epoch, OperationId);

    public Task BeforeWriteAsync(string name, CancellationToken cancellationToken) => BeforeWrite?.Invoke(name, cancellationToken) ?? Task.CompletedTask;
}
