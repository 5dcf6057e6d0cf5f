namespace Failover.Core.Topology;

/// <summary>The seconds matched by a Quartz cron expression are excluded, e.g. <c>* * 8-17 ? * MON-FRI</c>.</summary>
public sealed record CronExclusionSpec(string Id, string TimeZoneId, string? Description, string Cron)
    : DrillCalendarSpec(Id, TimeZoneId, Description);
