using Failover.Core.Topology;
using Quartz;
using Quartz.Impl.Calendar;

namespace Failover.Drills.Scheduling;

/// <summary>
/// Turns the estate's exclusion calendars into Quartz calendars: <see cref="DailyCalendar"/> for daily hours (school
/// hours), <see cref="HolidayCalendar"/> for whole days (exam periods), <see cref="CronCalendar"/> for anything a cron
/// expression says. A schedule excluding several calendars gets them chained through base calendars.
/// </summary>
internal static class DrillCalendars
{
    /// <summary>Longest date range accepted (a HolidayCalendar holds one entry per day).</summary>
    public const int MaxRangeDays = 400;

    /// <summary>One calendar, standing alone (no base).</summary>
    public static BaseCalendar Build(DrillCalendarSpec spec) => Build(spec, baseCalendar: null);

    /// <summary>The calendars chained, first id outermost; null when there are none.</summary>
    /// <exception cref="ArgumentException">An id names no calendar of the estate.</exception>
    public static ICalendar? Chain(EstateDrills drills, IReadOnlyList<string> calendarIds)
    {
        ICalendar? chain = null;
        for (var i = calendarIds.Count - 1; i >= 0; i--)
        {
            var spec = drills.Calendar(calendarIds[i]) ?? throw new ArgumentException($"unknown drill calendar '{calendarIds[i]}'", nameof(calendarIds));
            chain = Build(spec, chain);
        }

        return chain;
    }

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    private static BaseCalendar Build(DrillCalendarSpec spec, ICalendar? baseCalendar)
    {
        var zone = Zone(spec.TimeZoneId);
        BaseCalendar calendar;
        switch (spec)
        {
            case DailyExclusionSpec daily:
                calendar = new DailyCalendar(daily.From, daily.To, baseCalendar);
                break;
            case DateRangesExclusionSpec dates:
                var holidays = new HolidayCalendar { CalendarBase = baseCalendar! };
                foreach (var range in dates.Ranges)
                {
                    for (var day = range.From; day <= range.To; day = day.AddDays(1))
                    {
                        holidays.AddExcludedDay(day);
                    }
                }

                calendar = holidays;
                break;
            case CronExclusionSpec cron:
                calendar = new CronCalendar(baseCalendar, cron.Cron, zone);
                break;
            default:
                throw new ArgumentException($"unsupported calendar {spec.GetType().Name}", nameof(spec));
        }

        calendar.TimeZone = zone;
        calendar.Description = spec.Description ?? spec.Id;
        return calendar;
    }
}
