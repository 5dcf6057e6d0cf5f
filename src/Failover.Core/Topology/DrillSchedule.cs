namespace Failover.Core.Topology;

/// <summary>One recurring drill of a service.</summary>
/// <param name="Id">Unique within the service (defaults to the kind, then kind-2, …).</param>
/// <param name="Cron">A Quartz cron expression (seconds first), e.g. <c>0 0 2 ? * TUE</c>.</param>
/// <param name="TimeZoneId">IANA time zone the expression is read in, e.g. <c>Europe/Paris</c>.</param>
/// <param name="ExcludeCalendarIds">Estate calendars whose times this drill never fires in.</param>
public sealed record DrillSchedule(string Id, DrillKind Kind, string Cron, string TimeZoneId, IReadOnlyList<string> ExcludeCalendarIds);
