namespace Failover.Core.Workloads;

/// <param name="Fence">For a deactivation: scale to zero rather than to the standby count (the lost site, fenced at the application level).</param>
public sealed record WorkloadRequest(string ServiceId, string SiteId, Core.Epoch Epoch, string OperationId, Topology.HostEndpoint? Primary, TimeSpan Timeout, bool Fence = false);
