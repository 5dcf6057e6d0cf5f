namespace Failover.Core.Topology;

/// <summary>A named set of excluded times, in a time zone.</summary>
public abstract record DrillCalendarSpec(string Id, string TimeZoneId, string? Description);
