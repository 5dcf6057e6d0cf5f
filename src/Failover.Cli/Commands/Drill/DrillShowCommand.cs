using Failover.Cli.Client;
using Failover.Cli.Commands.Config;
using Failover.Cli.Commands.Operations;
using Spectre.Console;

namespace Failover.Cli.Commands.Drill;

/// <summary><c>failover drill show ID [--format json] [--out FILE]</c>: one drill's report.</summary>
internal sealed class DrillShowCommand(IAnsiConsole console) : ApiCommand<DrillShowSettings>(console)
{
    protected override async Task<int> RunAsync(ApiClient api, DrillShowSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Format != "json")
        {
            Console.MarkupLineInterpolated($"[red]error:[/] --format {settings.Format} is not available yet in this build; use --format json");
            return ExitCodes.Usage;
        }

        var report = await api.GetAsync($"/api/v1/drills/{Uri.EscapeDataString(settings.Drill)}", cancellationToken);
        if (settings.Out is { } file)
        {
            await File.WriteAllTextAsync(file, report.GetRawText(), cancellationToken);
            Console.MarkupLineInterpolated($"report of {settings.Drill} written to {file}");
        }
        else
        {
            Console.WriteRaw(report.GetRawText());
        }

        return ExitCodes.Ok;
    }
}
