using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Failover.Cli.Commands.Drill;

/// <summary>A drill report as a terminal table (the full renderings are JSON, Markdown and HTML).</summary>
internal static class DrillReportText
{
    public static void Render(IAnsiConsole console, JsonElement report)
    {
        var passed = report.GetProperty("passed").GetBoolean();
        var verdict = passed ? "[green]PASSED[/]" : "[red]FAILED[/]";
        console.MarkupLine(verdict + Markup.Escape(
            $" {report.GetProperty("drillId").GetString()} — {report.GetProperty("kind").GetString()} drill of {report.GetProperty("serviceId").GetString()} at {report.GetProperty("targetSiteId").GetString()}"));
        var steps = new Table().AddColumns("Step", "Started", "Duration", "Result", "Detail");
        foreach (var step in report.GetProperty("steps").EnumerateArray())
        {
            steps.AddRow(
                Markup.Escape(step.GetProperty("name").GetString()!),
                step.GetProperty("startedAt").GetDateTimeOffset().ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
                Markup.Escape(Seconds(step.GetProperty("duration").GetString())),
                step.GetProperty("succeeded").GetBoolean() ? "[green]ok[/]" : "[red]failed[/]",
                Markup.Escape(step.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : ""));
        }

        console.Write(steps);
        console.MarkupLineInterpolated($"RTO {Text(report, "achievedRto")} (target {Text(report, "targetRto")}); freshness {Freshness(report)} (RPO target {Text(report, "targetRpo")})");
        foreach (var reason in report.GetProperty("reasons").EnumerateArray())
        {
            console.MarkupLineInterpolated($"  • {reason.GetString()}");
        }
    }

    /// <summary>A duration of the report (TimeSpan text, as the API serializes it) in seconds, e.g. <c>2.62 s</c>.</summary>
    public static string Text(JsonElement report, string property) =>
        report.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? Seconds(v.GetString()) : "-";

    private static string Seconds(string? duration) =>
        TimeSpan.TryParse(duration, CultureInfo.InvariantCulture, out var span)
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.##} s")
            : duration ?? "-";

    public static string Freshness(JsonElement report) =>
        report.TryGetProperty("freshness", out var f) && f.ValueKind == JsonValueKind.Object
            ? string.Create(CultureInfo.InvariantCulture, $"{f.GetProperty("lagBytes").GetInt64()} bytes behind")
            : "not measured";
}
