using Failover.Core.Topology;
using Failover.Core.Workloads;

namespace Failover.ControlPlane.Runtime;

/// <summary>
/// Workload control for a control plane with no application orchestrator wired (the host's default; the Kubernetes
/// adapter replaces it when some service declares workloads): a service without workloads needs nothing done; a
/// service with workloads fails the step and says why, so no operation pretends an application was moved.
/// </summary>
public sealed class UnmanagedWorkloads(Estate estate) : IWorkloadControl
{
    public Task<WorkloadResult> ActivateAsync(WorkloadRequest request, CancellationToken cancellationToken) => Task.FromResult(Answer(request));

    public Task<WorkloadResult> DeactivateAsync(WorkloadRequest request, CancellationToken cancellationToken) => Task.FromResult(Answer(request));

    private WorkloadResult Answer(WorkloadRequest request) => estate.Service(request.ServiceId).Workloads.Count == 0
        ? new WorkloadResult(true, true, "the service declares no workloads")
        : new WorkloadResult(false, false, $"service {request.ServiceId} declares workloads but this control plane has no workload adapter (Kubernetes) wired");
}
