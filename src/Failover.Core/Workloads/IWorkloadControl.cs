namespace Failover.Core.Workloads;

/// <summary>The application side of a site: scale a service's workloads and point them at the current primary.</summary>
public interface IWorkloadControl
{
    Task<WorkloadResult> ActivateAsync(WorkloadRequest request, CancellationToken cancellationToken);

    Task<WorkloadResult> DeactivateAsync(WorkloadRequest request, CancellationToken cancellationToken);
}

/// <param name="Fence">For a deactivation: scale to zero rather than to the standby count (the lost site, fenced at the application level).</param>
public sealed record WorkloadRequest(string ServiceId, string SiteId, Core.Epoch Epoch, string OperationId, Topology.HostEndpoint? Primary, TimeSpan Timeout, bool Fence = false);

public sealed record WorkloadResult(bool Succeeded, bool AlreadyInState, string? Detail);
