using Failover.Core.Topology;

namespace Failover.Configuration.Tests;

public sealed class DrillsParserTests
{
    private const string Drills = """

        drills:
          timeZone: Europe/Paris
          calendars:
            - id: school-hours
              description: Heures de cours
              daily: { from: "08:00", to: "18:00" }
            - id: bac-2027
              dates:
                - { from: 2027-06-15, to: 2027-06-22 }
                - 2027-06-24
            - id: weekends
              timeZone: Europe/Brussels
              cron: "* * * ? * SAT,SUN"
          maintenanceWindows:
            - id: tuesday-night
              start: "0 0 1 ? * TUE"
              duration: 4h
        """;

    private const string ServiceDrills = """
            targets: { rto: 60s, rpo: 5s }
            drills:
              maintenanceWindows: [tuesday-night]
              schedules:
                - kind: isolated
                  cron: "0 0 2 ? * TUE"
                  exclude: [school-hours, bac-2027]
                - id: monthly-switchover
                  kind: switchover
                  cron: "0 0 2 ? * TUE#1"
                  timeZone: Europe/London
        """;

    private static string Yaml(string serviceDrills = ServiceDrills, string drills = Drills) =>
        SampleEstate.With("    targets: { rto: 60s, rpo: 5s }", serviceDrills.TrimEnd()) + drills;

    private static ConfigDiagnostic SingleError(string yaml)
    {
        var result = EstateLoader.Load(yaml);
        result.Errors.Should().ContainSingle();
        return result.Errors.Single();
    }

    [Fact]
    public void Load_DrillSections_ResolveEveryField()
    {
        var result = EstateLoader.Load(Yaml());

        result.Diagnostics.Should().BeEmpty();
        var estate = result.Estate!;
        estate.Drills.Calendars.Should().Equal(
            new DailyExclusionSpec("school-hours", "Europe/Paris", "Heures de cours", new TimeOnly(8, 0), new TimeOnly(18, 0)),
            estate.Drills.Calendars[1],
            new CronExclusionSpec("weekends", "Europe/Brussels", null, "* * * ? * SAT,SUN"));
        estate.Drills.Calendars[1].Should().BeOfType<DateRangesExclusionSpec>()
            .Which.Ranges.Should().Equal(
                new DateRange(new DateOnly(2027, 6, 15), new DateOnly(2027, 6, 22)),
                new DateRange(new DateOnly(2027, 6, 24), new DateOnly(2027, 6, 24)));
        estate.Drills.MaintenanceWindows.Should().Equal(new MaintenanceWindowSpec("tuesday-night", "0 0 1 ? * TUE", TimeSpan.FromHours(4), "Europe/Paris"));
        var drills = estate.Service("ent-grand-est").Drills;
        drills.MaintenanceWindowIds.Should().Equal("tuesday-night");
        drills.Schedules.Should().HaveCount(2);
        drills.Schedules[0].Should().BeEquivalentTo(new DrillSchedule("isolated", DrillKind.Isolated, "0 0 2 ? * TUE", "Europe/Paris", ["school-hours", "bac-2027"]),
            "a schedule without a time zone takes the estate's");
        drills.Schedules[1].Should().BeEquivalentTo(new DrillSchedule("monthly-switchover", DrillKind.Switchover, "0 0 2 ? * TUE#1", "Europe/London", []));
    }

    [Fact]
    public void Load_NoDrillSections_HasNone()
    {
        var estate = EstateLoader.Load(SampleEstate.Yaml).Estate!;

        estate.Drills.Should().Be(EstateDrills.None);
        estate.Service("ent-grand-est").Drills.Should().Be(Core.Topology.ServiceDrills.None);
    }

    [Fact]
    public void Load_MalformedCron_NamesThePathAndGivesQuartzsMessage()
    {
        var error = SingleError(Yaml(ServiceDrills.Replace("0 0 2 ? * TUE\"\n", "0 0 25 ? * TUE\"\n", StringComparison.Ordinal)));

        error.Path.Should().Be("services[ent-grand-est].drills.schedules[0].cron");
        error.Message.Should().StartWith("invalid Quartz cron expression '0 0 25 ? * TUE'").And.Contain("Hour");
        error.Line.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Load_MalformedWindowStart_NamesThePath()
    {
        var error = SingleError(Yaml(drills: Drills.Replace("0 0 1 ? * TUE", "0 0 1 ? * TUX", StringComparison.Ordinal)));

        error.Path.Should().Be("drills.maintenanceWindows[0].start");
        error.Message.Should().Contain("invalid Quartz cron expression");
    }

    [Fact]
    public void Load_UnknownTimeZone_SuggestsTheClosest()
    {
        var error = SingleError(Yaml(ServiceDrills.Replace("Europe/London", "Europe/Londres", StringComparison.Ordinal)));

        error.Path.Should().Be("services[ent-grand-est].drills.schedules[1].timeZone");
        error.Message.Should().Be("unknown time zone 'Europe/Londres': expected an IANA name such as Europe/Paris (did you mean 'Europe/London'?)");
    }

    [Fact]
    public void Load_UnknownCalendarReference_IsAnErrorWithASuggestion()
    {
        var error = SingleError(Yaml(ServiceDrills.Replace("bac-2027]", "bac-2026]", StringComparison.Ordinal)));

        error.Path.Should().Be("services[ent-grand-est].drills.schedules[0].exclude[1]");
        error.Message.Should().Be("unknown calendar 'bac-2026': define it under drills.calendars (did you mean 'bac-2027'?)");
    }

    [Fact]
    public void Load_UnknownMaintenanceWindow_IsAnError()
    {
        var error = SingleError(Yaml(ServiceDrills.Replace("[tuesday-night]", "[wednesday-night]", StringComparison.Ordinal)));

        error.Path.Should().Be("services[ent-grand-est].drills.maintenanceWindows[0]");
        error.Message.Should().StartWith("unknown maintenance window 'wednesday-night'");
    }

    [Fact]
    public void Load_SwitchoverScheduleWithoutWindow_IsRefused()
    {
        var error = SingleError(Yaml(ServiceDrills.Replace("      maintenanceWindows: [tuesday-night]\n", "", StringComparison.Ordinal)));

        error.Path.Should().Be("services[ent-grand-est].drills.schedules[1]");
        error.Message.Should().Contain("maintenance window");
    }

    [Theory]
    [InlineData("daily: { from: \"08:00\", to: \"18:00\" }", "daily: { from: \"18:00\", to: \"08:00\" }", "drills.calendars[0].daily.to", "cannot cross midnight")]
    [InlineData("daily: { from: \"08:00\", to: \"18:00\" }", "daily: { from: \"8h\", to: \"18:00\" }", "drills.calendars[0].daily.from", "expected a time of day")]
    [InlineData("daily: { from: \"08:00\", to: \"18:00\" }", "cron: \"* * 8-17 ? * MON-FRI\"\n      daily: { from: \"08:00\", to: \"18:00\" }", "drills.calendars[0]", "not 'daily' and 'cron'")]
    [InlineData("- { from: 2027-06-15, to: 2027-06-22 }", "- { from: 2027-06-22, to: 2027-06-15 }", "drills.calendars[1].dates[0].to", "must not be before 'from'")]
    [InlineData("- 2027-06-24", "- 24/06/2027", "drills.calendars[1].dates[1]", "expected a date such as 2027-06-15")]
    [InlineData("duration: 4h", "duration: 0s", "drills.maintenanceWindows[0].duration", "above 0")]
    [InlineData("cron: \"* * * ? * SAT,SUN\"", "cron: \"* * * ? * SAM,DIM\"", "drills.calendars[2].cron", "invalid Quartz cron expression")]
    [InlineData("    - id: weekends\n", "    - id: bac-2027\n", "drills.calendars[2].id", "duplicate id 'bac-2027'")]
    public void Load_BadCalendarOrWindow_NamesTheField(string original, string replacement, string path, string message)
    {
        Drills.Should().Contain(original);
        var result = EstateLoader.Load(Yaml(drills: Drills.Replace(original, replacement, StringComparison.Ordinal)));

        result.Errors.Should().Contain(e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal),
            string.Join("\n", result.Errors.Select(e => e.Format("estate.yaml"))));
    }

    [Fact]
    public void Load_UnknownFieldInASchedule_IsReported()
    {
        var error = SingleError(Yaml(ServiceDrills.Replace("exclude:", "exlude:", StringComparison.Ordinal)));

        error.Path.Should().Be("services[ent-grand-est].drills.schedules[0].exlude");
        error.Message.Should().Contain("did you mean 'exclude'");
    }

    [Fact]
    public void Load_ExampleEstate_HasTuesdayDrillsExcludingSchoolHoursAndTheBaccalaureate()
    {
        var estate = EstateLoader.LoadFile(Failover.Testing.Repository.PathOf("manifests", "estate.example.yaml")).Estate!;

        var drills = estate.Service("ent-grand-est").Drills;
        drills.Schedules[0].Should().BeEquivalentTo(
            new DrillSchedule("isolated", DrillKind.Isolated, "0 0 2 ? * TUE", "Europe/Paris", ["school-hours", "bac-2027"]));
        drills.Schedules[1].Kind.Should().Be(DrillKind.Switchover);
        drills.MaintenanceWindowIds.Should().Equal("tuesday-night");
        estate.Drills.Calendars.Select(c => c.Id).Should().Equal("school-hours", "bac-2027");
    }
}
