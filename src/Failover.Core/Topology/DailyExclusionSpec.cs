namespace Failover.Core.Topology;

/// <summary>Every day from <paramref name="From"/> to <paramref name="To"/> (local time, both included) is excluded: school hours.</summary>
public sealed record DailyExclusionSpec(string Id, string TimeZoneId, string? Description, TimeOnly From, TimeOnly To)
    : DrillCalendarSpec(Id, TimeZoneId, Description);
