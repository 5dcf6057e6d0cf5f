using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Failover.Cli.Commands.Config;
using Failover.Drills.Scheduling;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Drill;

/// <summary>
/// <c>failover drill schedule</c>: the next firing times of every drill schedule of the estate, in the schedule's time
/// zone and in UTC, with the occurrences its calendars exclude (and which calendar) listed between them.
/// </summary>
internal sealed class DrillScheduleCommand(IAnsiConsole console) : Command<DrillScheduleSettings>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public override int Execute(CommandContext context, DrillScheduleSettings settings, CancellationToken cancellationToken)
    {
        if (EstateFile.TryLoad(console, settings.ConfigFile) is not { } result)
        {
            return ExitCodes.Unreadable;
        }

        if (result.Estate is not { } estate)
        {
            EstateFile.PrintDiagnostics(console, settings.ConfigFile, result);
            return ExitCodes.Invalid;
        }

        if (settings.Service is { } serviceId && estate.Services.All(s => s.Id != serviceId))
        {
            console.MarkupLineInterpolated($"[red]error:[/] --service: no service '{serviceId}' in {settings.ConfigFile}");
            return ExitCodes.Invalid;
        }

        var time = settings.From is { } from && DrillScheduleSettings.TryParseFrom(from, out var at) ? new FixedTime(at) : TimeProvider.System;
        var forecasts = new DrillScheduleCalculator(estate, time).Forecast(settings.Count, settings.Service);
        if (settings.Output == OutputFormat.Json)
        {
            console.WriteRaw(JsonSerializer.Serialize(new { from = time.GetUtcNow(), schedules = forecasts }, Json));
            console.WriteRaw("\n");
            return ExitCodes.Ok;
        }

        if (forecasts.Count == 0)
        {
            console.MarkupLine("No drill schedule: add a [bold]drills:[/] section with [bold]schedules[/] to a service of the estate file.");
            return ExitCodes.Ok;
        }

        foreach (var forecast in forecasts)
        {
            console.Write(Table(forecast, settings.Count));
            console.WriteLine();
        }

        return forecasts.Any(f => f.Error is not null) ? ExitCodes.Invalid : ExitCodes.Ok;
    }

    private static Table Table(DrillScheduleForecast forecast, int count)
    {
        var excluding = forecast.ExcludeCalendarIds.Count == 0 ? "no calendar" : "excluding " + string.Join(", ", forecast.ExcludeCalendarIds);
        var table = new Table()
            .Title(Markup.Escape($"{forecast.ServiceId} / {forecast.ScheduleId}: {forecast.Kind.ToString().ToLowerInvariant()} drill"))
            .Caption(Markup.Escape($"cron {forecast.Cron} in {forecast.TimeZoneId}, {excluding}"))
            .AddColumns($"Local ({Markup.Escape(forecast.TimeZoneId)})", "UTC", "Drill");
        if (forecast.Error is { } error)
        {
            table.AddRow("-", "-", $"[red]{Markup.Escape(error)}[/]");
            return table;
        }

        foreach (var t in forecast.Times)
        {
            table.AddRow(
                t.Local.ToString("ddd yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture),
                t.Utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
                t.Fires ? "[green]fires[/]"
                : t.OutsideMaintenanceWindow ? "[red]refused: outside the service's maintenance windows[/]"
                : $"[yellow]excluded by {Markup.Escape(string.Join(", ", t.ExcludedBy))}[/]");
        }

        var firing = forecast.Firing.Count();
        if (firing < count)
        {
            table.AddRow("", "", $"[red]only {firing} firing time(s) found: the calendars exclude the next {DrillScheduleCalculator.MaxExcludedPerFiring} occurrences[/]");
        }

        return table;
    }

    /// <summary>"Now" as given by --from.</summary>
    private sealed class FixedTime(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at.ToUniversalTime();
    }
}
