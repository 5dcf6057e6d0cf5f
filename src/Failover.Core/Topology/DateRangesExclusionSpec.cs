namespace Failover.Core.Topology;

/// <summary>Whole local days are excluded, given as inclusive ranges: exam periods, holidays.</summary>
public sealed record DateRangesExclusionSpec(string Id, string TimeZoneId, string? Description, IReadOnlyList<DateRange> Ranges)
    : DrillCalendarSpec(Id, TimeZoneId, Description);
