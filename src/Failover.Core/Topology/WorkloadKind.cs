namespace Failover.Core.Topology;

public enum WorkloadKind
{
    Deployment,
    StatefulSet,
}
