namespace Failover.Core.Traffic;

public sealed record TrafficState(TrafficRoute Route, IReadOnlyList<WeightedTarget> Targets, TimeSpan? Ttl, Core.Epoch? Epoch);
