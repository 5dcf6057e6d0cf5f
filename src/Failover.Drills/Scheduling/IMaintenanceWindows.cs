namespace Failover.Drills.Scheduling;

/// <summary>
/// When disruptive work (a switchover drill) is allowed for a service. The drill schedules (Quartz calendars built
/// from the estate file) implement it; a service without windows has none open.
/// </summary>
public interface IMaintenanceWindows
{
    /// <summary>The window open at <paramref name="at"/> for the service, or null when none is.</summary>
    MaintenanceWindow? OpenAt(string serviceId, DateTimeOffset at);
}
