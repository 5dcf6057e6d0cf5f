namespace Failover.Core.Topology;

/// <summary>
/// The estate-wide drill definitions of the estate file's top-level <c>drills:</c> section: named exclusion
/// calendars (school hours, exam periods) and named maintenance windows, referenced by the services' own
/// <c>drills:</c> sections.
/// </summary>
public sealed record EstateDrills(IReadOnlyList<DrillCalendarSpec> Calendars, IReadOnlyList<MaintenanceWindowSpec> MaintenanceWindows)
{
    public static readonly EstateDrills None = new([], []);

    public DrillCalendarSpec? Calendar(string id) => Calendars.FirstOrDefault(c => c.Id == id);

    public MaintenanceWindowSpec? MaintenanceWindow(string id) => MaintenanceWindows.FirstOrDefault(w => w.Id == id);
}

/// <summary>A service's drills: when they run, and when disruptive ones (switchover drills) are allowed.</summary>
/// <param name="MaintenanceWindowIds">Ids of estate maintenance windows; none means a switchover drill is never allowed.</param>
public sealed record ServiceDrills(IReadOnlyList<DrillSchedule> Schedules, IReadOnlyList<string> MaintenanceWindowIds)
{
    public static readonly ServiceDrills None = new([], []);
}

/// <summary>One recurring drill of a service.</summary>
/// <param name="Id">Unique within the service (defaults to the kind, then kind-2, …).</param>
/// <param name="Cron">A Quartz cron expression (seconds first), e.g. <c>0 0 2 ? * TUE</c>.</param>
/// <param name="TimeZoneId">IANA time zone the expression is read in, e.g. <c>Europe/Paris</c>.</param>
/// <param name="ExcludeCalendarIds">Estate calendars whose times this drill never fires in.</param>
public sealed record DrillSchedule(string Id, DrillKind Kind, string Cron, string TimeZoneId, IReadOnlyList<string> ExcludeCalendarIds);

/// <summary>A named set of excluded times, in a time zone.</summary>
public abstract record DrillCalendarSpec(string Id, string TimeZoneId, string? Description);

/// <summary>Every day from <paramref name="From"/> to <paramref name="To"/> (local time, both included) is excluded: school hours.</summary>
public sealed record DailyExclusionSpec(string Id, string TimeZoneId, string? Description, TimeOnly From, TimeOnly To)
    : DrillCalendarSpec(Id, TimeZoneId, Description);

/// <summary>Whole local days are excluded, given as inclusive ranges: exam periods, holidays.</summary>
public sealed record DateRangesExclusionSpec(string Id, string TimeZoneId, string? Description, IReadOnlyList<DateRange> Ranges)
    : DrillCalendarSpec(Id, TimeZoneId, Description);

/// <summary>The seconds matched by a Quartz cron expression are excluded, e.g. <c>* * 8-17 ? * MON-FRI</c>.</summary>
public sealed record CronExclusionSpec(string Id, string TimeZoneId, string? Description, string Cron)
    : DrillCalendarSpec(Id, TimeZoneId, Description);

/// <summary>An inclusive range of local days.</summary>
public sealed record DateRange(DateOnly From, DateOnly To);

/// <summary>A recurring maintenance window: opens at each fire time of <paramref name="Cron"/> and lasts <paramref name="Duration"/>.</summary>
public sealed record MaintenanceWindowSpec(string Id, string Cron, TimeSpan Duration, string TimeZoneId);
