namespace Failover.Core.Topology;

/// <summary>A recurring maintenance window: opens at each fire time of <paramref name="Cron"/> and lasts <paramref name="Duration"/>.</summary>
public sealed record MaintenanceWindowSpec(string Id, string Cron, TimeSpan Duration, string TimeZoneId);
