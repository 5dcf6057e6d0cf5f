using Failover.Core.Topology;

namespace Failover.Drills.Tests.Scheduling;

/// <summary>A one-service estate (ovh-sbg primary, ovh-rbx standby) with drill calendars built in code.</summary>
internal static class TestEstate
{
    public const string Paris = "Europe/Paris";

    public static readonly DailyExclusionSpec SchoolHours = new("school-hours", Paris, "heures de cours", new TimeOnly(8, 0), new TimeOnly(18, 0));

    public static readonly DateRangesExclusionSpec Bac = new("bac-2026", Paris, "baccalauréat",
        [new DateRange(new DateOnly(2026, 6, 15), new DateOnly(2026, 6, 19))]);

    public static readonly CronExclusionSpec Weekends = new("weekends", Paris, null, "* * * ? * SAT,SUN");

    /// <summary>Excludes every even second: a calendar the running scheduler visibly applies.</summary>
    public static readonly CronExclusionSpec EvenSeconds = new("even-seconds", Paris, null, "0/2 * * ? * *");

    public static readonly MaintenanceWindowSpec TuesdayNight = new("tuesday-night", "0 0 1 ? * TUE", TimeSpan.FromHours(4), Paris);

    public static Estate With(params DrillSchedule[] schedules) => With(schedules, ["tuesday-night"]);

    /// <summary>Always open: opens every second for an hour.</summary>
    public static readonly MaintenanceWindowSpec AlwaysOpen = new("always", "* * * ? * *", TimeSpan.FromHours(1), Paris);

    /// <summary>Never open: its only opening was in 2020.</summary>
    public static readonly MaintenanceWindowSpec NeverOpen = new("never", "0 0 1 1 1 ? 2020", TimeSpan.FromHours(1), Paris);

    public static Estate WithWindow(MaintenanceWindowSpec window, params DrillSchedule[] schedules)
    {
        var estate = With(schedules, [window.Id]);
        return estate with { Drills = estate.Drills with { MaintenanceWindows = [TuesdayNight, window] } };
    }

    public static Estate With(IReadOnlyList<DrillSchedule> schedules, IReadOnlyList<string> windows)
    {
        var service = new Service(
            "ent-grand-est", "ENT Grand Est", "ovh-sbg", ["ovh-rbx"], "default", 100,
            new DatabaseSpec("ent", "ent", new SecretReference(SecretSource.Environment, "PW"), ReplicationMode.Async, new RpoBudget(16 << 20, TimeSpan.FromSeconds(5))),
            new HealthSpec(null), [], new TrafficSpec("dns", "ent.example.fr", TimeSpan.FromSeconds(30)),
            new ServiceTargets(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5)))
        {
            Drills = new ServiceDrills(schedules, windows),
        };
        return new Estate([], [], [service], [], [], [])
        {
            Drills = new EstateDrills([SchoolHours, Bac, Weekends, EvenSeconds], [TuesdayNight]),
        };
    }

    public static DrillSchedule Schedule(string cron, params string[] exclude) =>
        new("isolated", DrillKind.Isolated, cron, Paris, exclude);

    /// <summary>A local Paris time as an instant.</summary>
    public static DateTimeOffset ParisTime(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, TimeZoneInfo.FindSystemTimeZoneById(Paris).GetUtcOffset(local));
    }
}
