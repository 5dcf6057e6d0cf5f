namespace Failover.Drills.Scheduling;

/// <summary>A maintenance window open for a service: disruptive work (a switchover drill) may run from Start to End.</summary>
public sealed record MaintenanceWindow(string Name, DateTimeOffset Start, DateTimeOffset End);
