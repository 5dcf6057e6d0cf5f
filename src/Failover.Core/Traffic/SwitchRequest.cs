namespace Failover.Core.Traffic;

public sealed record SwitchRequest(TrafficRoute Route, IReadOnlyList<WeightedTarget> Targets, TimeSpan Ttl, Core.Epoch Epoch, TimeSpan VerificationTimeout);
