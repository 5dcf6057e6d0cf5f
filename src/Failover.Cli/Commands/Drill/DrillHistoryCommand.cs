using System.Globalization;
using Failover.Cli.Client;
using Failover.Cli.Commands.Config;
using Failover.Cli.Commands.Operations;
using Spectre.Console;

namespace Failover.Cli.Commands.Drill;

/// <summary><c>failover drill history</c>: every drill in the journal, newest first, with its verdict.</summary>
internal sealed class DrillHistoryCommand(IAnsiConsole console) : ApiCommand<ApiSettings>(console)
{
    protected override async Task<int> RunAsync(ApiClient api, ApiSettings settings, CancellationToken cancellationToken)
    {
        var drills = await api.GetAsync("/api/v1/drills", cancellationToken);
        if (settings.Output == OutputFormat.Json)
        {
            Console.WriteRaw(drills.GetRawText());
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("Drill", "Kind", "Service", "At site", "Started", "RTO", "Freshness", "Result");
        foreach (var d in drills.EnumerateArray())
        {
            table.AddRow(
                Markup.Escape(d.GetProperty("drillId").GetString()!),
                Markup.Escape(d.GetProperty("kind").GetString()!),
                Markup.Escape(d.GetProperty("serviceId").GetString()!),
                Markup.Escape(d.GetProperty("targetSiteId").GetString()!),
                d.GetProperty("startedAt").GetDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(DrillReportText.Text(d, "achievedRto")),
                Markup.Escape(DrillReportText.Freshness(d)),
                d.GetProperty("passed").GetBoolean() ? "[green]passed[/]" : "[red]failed[/]");
        }

        Console.Write(table);
        return ExitCodes.Ok;
    }
}
