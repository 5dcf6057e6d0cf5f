namespace Failover.Core.Topology;

public enum ReplicationMode
{
    Async,
    Sync,
}
