namespace Failover.Core.Workloads;

/// <summary>The application side of a site: scale a service's workloads and point them at the current primary.</summary>
public interface IWorkloadControl
{
    Task<WorkloadResult> ActivateAsync(WorkloadRequest request, CancellationToken cancellationToken);

    Task<WorkloadResult> DeactivateAsync(WorkloadRequest request, CancellationToken cancellationToken);
}
