using Failover.Core.Topology;
using Failover.Drills.Scheduling;

namespace Failover.ControlPlane.Api;

/// <summary>One schedule's forecast.</summary>
/// <param name="Frozen">Whether the drill hold is in force for the service (null without a hold, as in a tool that only computes schedules).</param>
/// <param name="FrozenBecause">Why the drill hold is in force.</param>
public sealed record DrillScheduleItem(
    string ServiceId,
    string ScheduleId,
    DrillKind Kind,
    string Cron,
    string TimeZone,
    IReadOnlyList<string> Excludes,
    bool? Frozen,
    string? FrozenBecause,
    DateTimeOffset? NextFire,
    IReadOnlyList<DrillFireTime> Times,
    string? Error)
{
    public static DrillScheduleItem From(DrillScheduleForecast f, DrillHoldDecision? hold) => new(
        f.ServiceId, f.ScheduleId, f.Kind, f.Cron, f.TimeZoneId, f.ExcludeCalendarIds, hold?.Held, hold?.Reason,
        f.Firing.Select(t => (DateTimeOffset?)t.Utc).FirstOrDefault(), f.Times, f.Error);
}
