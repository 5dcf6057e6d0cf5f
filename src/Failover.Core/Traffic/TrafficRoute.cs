namespace Failover.Core.Traffic;

/// <summary>A service's public name as one router knows it.</summary>
public sealed record TrafficRoute(string ServiceId, string RouterId, string Name);
