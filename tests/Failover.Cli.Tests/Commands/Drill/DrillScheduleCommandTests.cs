using System.Text.Json;
using Failover.Testing;
using Spectre.Console.Testing;

namespace Failover.Cli.Tests.Commands.Drill;

public sealed class DrillScheduleCommandTests : IDisposable
{
    private readonly TemporaryDirectory _files = new();
    private readonly TestConsole _console = new TestConsole().Width(400);

    private static string Example => Repository.PathOf("manifests", "estate.example.yaml");

    [Fact]
    public void Schedule_ExampleEstateBeforeTheBac_ShowsLocalAndUtcTimesAndTheExcludedTuesdays()
    {
        var exit = FailoverApp.Run(["drill", "schedule", "--config", Example, "--count", "3", "--from", "2027-06-01T00:00:00+02:00"], _console);

        exit.Should().Be(ExitCodes.Ok, _console.Output);
        var lines = _console.Output.Split('\n');
        lines.Should().Contain(l => l.Contains("Tue 2027-06-08 02:00:00 +02:00", StringComparison.Ordinal) && l.Contains("2027-06-08 00:00:00 UTC", StringComparison.Ordinal) && l.Contains("fires", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("Tue 2027-06-15 02:00:00 +02:00", StringComparison.Ordinal) && l.Contains("excluded by bac-2027", StringComparison.Ordinal));
        _console.Output.Should().Contain("ent-grand-est / isolated").And.Contain("ent-grand-est / quarterly-switchover").And.Contain("ent-hauts-de-france / isolated");
    }

    [Fact]
    public void Schedule_JsonForOneService_ListsFiringAndExcludedTimes()
    {
        var exit = FailoverApp.Run(["drill", "schedule", "--config", Example, "--service", "ent-hauts-de-france", "-n", "2", "--from", "2027-06-10T12:00:00Z", "-o", "json"], _console);

        exit.Should().Be(ExitCodes.Ok, _console.Output);
        using var json = JsonDocument.Parse(_console.Output);
        var schedule = json.RootElement.GetProperty("schedules").EnumerateArray().Single();
        schedule.GetProperty("serviceId").GetString().Should().Be("ent-hauts-de-france");
        schedule.GetProperty("kind").GetString().Should().Be("isolated");
        var times = schedule.GetProperty("times").EnumerateArray().ToList();
        times.Select(t => t.GetProperty("fires").GetBoolean()).Should().Equal(false, false, true, true);
        times[0].GetProperty("excludedBy").EnumerateArray().Select(e => e.GetString()).Should().Equal("bac-2027");
        times[2].GetProperty("utc").GetDateTimeOffset().Should().Be(new DateTimeOffset(2027, 7, 1, 1, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Schedule_EstateWithABadCron_ExitsOneNamingTheField()
    {
        var broken = _files.Write("broken.yaml", File.ReadAllText(Example).Replace("\"0 0 3 ? * THU\"", "\"0 0 3 ? * JEU\"", StringComparison.Ordinal));

        var exit = FailoverApp.Run(["drill", "schedule", "--config", broken], _console);

        exit.Should().Be(ExitCodes.Invalid);
        _console.Output.Should().Contain("services[ent-hauts-de-france].drills.schedules[0].cron: invalid Quartz cron expression '0 0 3 ? * JEU'");
    }

    [Theory]
    [InlineData(new[] { "drill", "schedule" }, "--config FILE is required")]
    [InlineData(new[] { "drill", "schedule", "--config", "x.yaml", "--count", "0" }, "--count must be from 1 to 100")]
    [InlineData(new[] { "drill", "schedule", "--config", "x.yaml", "--from", "tomorrow" }, "--from: expected an ISO-8601 instant")]
    public void Schedule_BadArguments_AreUsageErrors(string[] args, string message)
    {
        var exit = FailoverApp.Run(args, _console);

        exit.Should().Be(ExitCodes.Usage);
        _console.Output.Should().Contain(message);
    }

    [Fact]
    public void Schedule_UnknownService_IsNamed()
    {
        var exit = FailoverApp.Run(["drill", "schedule", "--config", Example, "--service", "ent-bretagne"], _console);

        exit.Should().Be(ExitCodes.Invalid);
        _console.Output.Should().Contain("no service 'ent-bretagne'");
    }

    public void Dispose()
    {
        _files.Dispose();
        _console.Dispose();
    }
}
