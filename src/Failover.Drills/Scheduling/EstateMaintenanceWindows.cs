using Failover.Core.Topology;
using Quartz;

namespace Failover.Drills.Scheduling;

/// <summary>
/// The maintenance windows of the estate file: each opens at a fire time of its cron expression (in its time zone)
/// and stays open for its duration. A service is in a window when one of the windows it names is open.
/// </summary>
internal sealed class EstateMaintenanceWindows : IMaintenanceWindows
{
    private readonly Dictionary<string, IReadOnlyList<string>> _windowsOfService;
    private readonly Dictionary<string, (MaintenanceWindowSpec Spec, CronExpression Cron, TimeZoneInfo Zone)> _windows;

    /// <exception cref="FormatException">A cron expression is malformed.</exception>
    /// <exception cref="TimeZoneNotFoundException">A time zone is unknown.</exception>
    public EstateMaintenanceWindows(Estate estate)
    {
        _windows = estate.Drills.MaintenanceWindows.ToDictionary(
            w => w.Id,
            w =>
            {
                var zone = DrillCalendars.Zone(w.TimeZoneId);
                return (w, new CronExpression(w.Cron, zone), zone);
            },
            StringComparer.Ordinal);
        _windowsOfService = estate.Services.ToDictionary(s => s.Id, s => s.Drills.MaintenanceWindowIds, StringComparer.Ordinal);
    }

    public MaintenanceWindow? OpenAt(string serviceId, DateTimeOffset at)
    {
        if (!_windowsOfService.TryGetValue(serviceId, out var ids))
        {
            return null;
        }

        foreach (var id in ids)
        {
            if (!_windows.TryGetValue(id, out var window))
            {
                continue;
            }

            // The window open at 'at' started after at - duration, at or before 'at'.
            if (window.Cron.GetNextValidTimeAfter(at - window.Spec.Duration) is { } start && start <= at)
            {
                var localStart = TimeZoneInfo.ConvertTime(start, window.Zone);
                return new MaintenanceWindow(id, localStart, TimeZoneInfo.ConvertTime(start + window.Spec.Duration, window.Zone));
            }
        }

        return null;
    }
}
