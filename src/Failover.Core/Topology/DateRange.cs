namespace Failover.Core.Topology;

/// <summary>An inclusive range of local days.</summary>
public sealed record DateRange(DateOnly From, DateOnly To);
