namespace Failover.Drills.Scheduling;

/// <summary>One occurrence of a schedule's cron expression.</summary>
/// <param name="Local">The same instant in the schedule's time zone.</param>
/// <param name="ExcludedBy">Ids of the calendars that exclude it; empty when the trigger fires.</param>
/// <param name="OutsideMaintenanceWindow">
/// A switchover drill firing while none of the service's maintenance windows is open: the job refuses it.
/// </param>
public sealed record DrillFireTime(DateTimeOffset Utc, DateTimeOffset Local, IReadOnlyList<string> ExcludedBy, bool OutsideMaintenanceWindow = false)
{
    /// <summary>The trigger fires and the drill is requested.</summary>
    public bool Fires => ExcludedBy.Count == 0 && !OutsideMaintenanceWindow;
}
