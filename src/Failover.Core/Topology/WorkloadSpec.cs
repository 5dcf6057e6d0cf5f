namespace Failover.Core.Topology;

public sealed record WorkloadSpec(WorkloadKind Kind, string Name, int ActiveReplicas, int StandbyReplicas);
