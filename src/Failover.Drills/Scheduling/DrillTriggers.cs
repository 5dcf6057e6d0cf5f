using System.Globalization;
using Failover.Core.Topology;
using Quartz;

namespace Failover.Drills.Scheduling;

/// <summary>The Quartz job and cron trigger of one drill schedule; shared by the scheduler and the calculator.</summary>
internal static class DrillTriggers
{
    public const string Group = "failover-drills";
    public const string ServiceKey = "serviceId";
    public const string ScheduleKey = "scheduleId";
    public const string KindKey = "kind";

    public static string Name(Service service, DrillSchedule schedule) => $"{service.Id}/{schedule.Id}";

    public static string CalendarName(Service service, DrillSchedule schedule) => $"drill-calendar:{Name(service, schedule)}";

    public static IJobDetail Job(Service service, DrillSchedule schedule) =>
        JobBuilder.Create<DrillJob>()
            .WithIdentity(Name(service, schedule), Group)
            .UsingJobData(ServiceKey, service.Id)
            .UsingJobData(ScheduleKey, schedule.Id)
            .UsingJobData(KindKey, schedule.Kind.ToString())
            .Build();

    /// <summary>
    /// A missed firing (the control plane was down) is skipped, never caught up: a drill is not worth running at a
    /// time nobody planned.
    /// </summary>
    /// <exception cref="FormatException">The cron expression is malformed.</exception>
    public static ITrigger Trigger(Service service, DrillSchedule schedule, string? calendarName, TimeProvider time)
    {
        var builder = TriggerBuilder.Create(time)
            .WithIdentity(Name(service, schedule), Group)
            .WithDescription(string.Create(CultureInfo.InvariantCulture, $"{schedule.Kind} drill of {service.Id}: {schedule.Cron} ({schedule.TimeZoneId})"))
            .WithSchedule(CronScheduleBuilder.Create(schedule.Cron)
                .InTimeZone(DrillCalendars.Zone(schedule.TimeZoneId))
                .WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .StartAt(time.GetUtcNow());
        if (calendarName is not null)
        {
            builder = builder.WithCalendarName(calendarName);
        }

        return builder.Build();
    }

    public static DrillKind Kind(string text) => Enum.TryParse<DrillKind>(text, ignoreCase: true, out var kind) ? kind : DrillKind.Isolated;
}
