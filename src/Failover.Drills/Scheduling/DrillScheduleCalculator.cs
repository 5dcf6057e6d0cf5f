using Failover.Core.Topology;
using Quartz;

namespace Failover.Drills.Scheduling;

/// <summary>
/// Computes when drills will fire, from a given "now" (the <see cref="TimeProvider"/>), with the very trigger and
/// calendars the scheduler uses: the cron trigger's fire times (<see cref="ITrigger.GetFireTimeAfter"/>), each checked
/// against the chained calendars (<see cref="ICalendar.IsTimeIncluded"/>) and, when excluded, attributed to the
/// calendars that exclude it. A switchover drill firing outside the service's maintenance windows is marked too: the job
/// refuses it.
/// </summary>
public sealed class DrillScheduleCalculator
{
    /// <summary>How many excluded occurrences may be walked past per firing one before giving up (a schedule excluded forever).</summary>
    public const int MaxExcludedPerFiring = 400;

    private readonly Estate _estate;
    private readonly TimeProvider _time;
    private readonly Lazy<EstateMaintenanceWindows> _windows;

    public DrillScheduleCalculator(Estate estate, TimeProvider time)
    {
        _estate = estate;
        _time = time;
        _windows = new Lazy<EstateMaintenanceWindows>(() => new EstateMaintenanceWindows(estate));
    }

    /// <summary>For every schedule (of one service when <paramref name="serviceId"/> is given), the next <paramref name="count"/> firing times.</summary>
    public IReadOnlyList<DrillScheduleForecast> Forecast(int count, string? serviceId = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var forecasts = new List<DrillScheduleForecast>();
        foreach (var service in _estate.Services.Where(s => serviceId is null || s.Id == serviceId))
        {
            foreach (var schedule in service.Drills.Schedules)
            {
                forecasts.Add(Forecast(service, schedule, count));
            }
        }

        return forecasts;
    }

    /// <summary>The next time the schedule fires (not excluded), or null when none is found.</summary>
    public DateTimeOffset? NextFire(Service service, DrillSchedule schedule) =>
        Forecast(service, schedule, 1).Firing.Select(t => (DateTimeOffset?)t.Utc).FirstOrDefault();

    private DrillScheduleForecast Forecast(Service service, DrillSchedule schedule, int count)
    {
        var forecast = new DrillScheduleForecast(service.Id, schedule.Id, schedule.Kind, schedule.Cron, schedule.TimeZoneId, schedule.ExcludeCalendarIds, []);
        ITrigger trigger;
        ICalendar? combined;
        TimeZoneInfo zone;
        List<(string Id, ICalendar Calendar)> calendars;
        EstateMaintenanceWindows? windows;
        try
        {
            windows = schedule.Kind == DrillKind.Switchover ? _windows.Value : null;
            zone = DrillCalendars.Zone(schedule.TimeZoneId);
            trigger = DrillTriggers.Trigger(service, schedule, calendarName: null, _time);
            combined = DrillCalendars.Chain(_estate.Drills, schedule.ExcludeCalendarIds);
            calendars = schedule.ExcludeCalendarIds.Select(id => (id, (ICalendar)DrillCalendars.Build(_estate.Drills.Calendar(id)!))).ToList();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return forecast with { Error = e.Message };
        }

        var times = new List<DrillFireTime>();
        var firing = 0;
        var excludedInARow = 0;
        var after = _time.GetUtcNow();
        while (firing < count && excludedInARow < MaxExcludedPerFiring && trigger.GetFireTimeAfter(after) is { } next)
        {
            after = next;
            var excludedBy = combined is null || combined.IsTimeIncluded(next)
                ? []
                : calendars.Where(c => !c.Calendar.IsTimeIncluded(next)).Select(c => c.Id).ToList();
            var outside = excludedBy.Count == 0 && windows is not null && windows.OpenAt(service.Id, next) is null;
            var time = new DrillFireTime(next, TimeZoneInfo.ConvertTime(next, zone), excludedBy, outside);
            times.Add(time);
            if (time.Fires)
            {
                firing++;
                excludedInARow = 0;
            }
            else
            {
                excludedInARow++;
            }
        }

        return forecast with { Times = times };
    }
}
