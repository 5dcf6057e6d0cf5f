namespace Failover.Core.Workloads;

/// <summary>The application side of a site: scale a service's workloads and point them at the current primary.</summary>
public interface IWorkloadControl
{
    Task<WorkloadResult> ActivateAsync(WorkloadRequest request, CancellationToken cancellationToken);

    Task<WorkloadResult> DeactivateAsync(WorkloadRequest request, CancellationToken cancellationToken);
}

public sealed record WorkloadRequest(string ServiceId, string SiteId, Core.Epoch Epoch, string OperationId, Topology.HostEndpoint? Primary, TimeSpan Timeout);

public sealed record WorkloadResult(bool Succeeded, bool AlreadyInState, string? Detail);
