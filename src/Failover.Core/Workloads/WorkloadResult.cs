namespace Failover.Core.Workloads;

public sealed record WorkloadResult(bool Succeeded, bool AlreadyInState, string? Detail);
