using System.Globalization;
using System.Text.Json;
using Failover.Cli.Client;
using Failover.Cli.Commands.Config;
using Failover.Cli.Commands.Operations;
using Spectre.Console;

namespace Failover.Cli.Commands.Drill;

/// <summary><c>failover drill run SERVICE [--kind isolated|switchover]</c>: asks for a drill, follows it, prints its report.</summary>
internal sealed class DrillRunCommand(IAnsiConsole console) : ApiCommand<DrillRunSettings>(console)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    protected override async Task<int> RunAsync(ApiClient api, DrillRunSettings settings, CancellationToken cancellationToken)
    {
        var accepted = await api.PostAsync("/api/v1/drills", new { service = settings.Service, kind = settings.Kind, target = settings.Target, reason = settings.Reason }, cancellationToken);
        var id = accepted.GetProperty("drillId").GetString()!;
        if (settings.NoWait)
        {
            Write(settings, accepted, $"[green]{Markup.Escape(id)}[/] accepted: follow it with failover drill show {Markup.Escape(id)}");
            return ExitCodes.Ok;
        }

        if (settings.Output == OutputFormat.Text)
        {
            Console.MarkupLineInterpolated($"Drill [bold]{id}[/] accepted; following…");
        }

        while (true)
        {
            // A switchover drill is not one engine operation (it runs a switchover, reprotects and a failback): ask the drills API.
            var running = settings.Kind == "switchover"
                ? (await api.GetAsync($"/api/v1/drills/{Uri.EscapeDataString(id)}/status", cancellationToken)).GetProperty("running").GetBoolean()
                : (await api.GetAsync($"/api/v1/operations/{Uri.EscapeDataString(id)}", cancellationToken)).GetProperty("status").GetString()
                    is not ("succeeded" or "failed" or "cancelled" or "refused" or "expired");
            if (!running)
            {
                break;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        var report = await api.GetAsync($"/api/v1/drills/{Uri.EscapeDataString(id)}", cancellationToken);
        if (settings.Output == OutputFormat.Json)
        {
            Console.WriteRaw(report.GetRawText());
        }
        else
        {
            DrillReportText.Render(Console, report);
        }

        return report.GetProperty("passed").GetBoolean() ? ExitCodes.Ok : ExitCodes.OperationFailed;
    }

    private void Write(DrillRunSettings settings, JsonElement json, string text)
    {
        if (settings.Output == OutputFormat.Json)
        {
            Console.WriteRaw(json.GetRawText());
        }
        else
        {
            Console.MarkupLine(text);
        }
    }
}

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
