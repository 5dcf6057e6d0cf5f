namespace Failover.Drills.Reports;

/// <summary>The standby's lag behind the primary at drill time.</summary>
public sealed record DrillFreshness(long LagBytes, TimeSpan? LagTime);
