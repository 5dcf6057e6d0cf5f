namespace Failover.Traffic.Edge;

public enum EdgeApplyOutcome
{
    Applied,
    AlreadyInPlace,
    RefusedStaleEpoch,
    Invalid,
    Failed,
}
