using System.Text.Json.Serialization;
using Failover.Core.Topology;

namespace Failover.Drills.Scheduling;

/// <summary>The coming fire times of one drill schedule, with the ones its calendars exclude.</summary>
/// <param name="Times">In order; the excluded ones are listed between the firing ones.</param>
/// <param name="Error">Why nothing could be computed (a cron expression or time zone the scheduler refuses), or null.</param>
public sealed record DrillScheduleForecast(
    string ServiceId,
    string ScheduleId,
    DrillKind Kind,
    string Cron,
    string TimeZoneId,
    IReadOnlyList<string> ExcludeCalendarIds,
    IReadOnlyList<DrillFireTime> Times,
    string? Error = null)
{
    /// <summary>The times the drill is requested (not serialized: it repeats <see cref="Times"/>).</summary>
    [JsonIgnore]
    public IEnumerable<DrillFireTime> Firing => Times.Where(t => t.Fires);
}
