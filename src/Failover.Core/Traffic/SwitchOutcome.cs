namespace Failover.Core.Traffic;

public enum SwitchOutcome
{
    Applied,
    AlreadyInPlace,
    RefusedStaleEpoch,
    Failed,
}
