using Failover.Cli.Client;
using Failover.Cli.Commands.Config;
using Failover.Cli.Commands.Operations;
using Spectre.Console;

namespace Failover.Cli.Commands.Drill;

/// <summary><c>failover drill show ID [--format json|markdown|html] [--out FILE]</c>: one drill's report, rendered by the control plane.</summary>
internal sealed class DrillShowCommand(IAnsiConsole console) : ApiCommand<DrillShowSettings>(console)
{
    protected override async Task<int> RunAsync(ApiClient api, DrillShowSettings settings, CancellationToken cancellationToken)
    {
        var id = Uri.EscapeDataString(settings.Drill);
        var text = settings.Format == "json"
            ? (await api.GetAsync($"/api/v1/drills/{id}", cancellationToken)).GetRawText()
            : (await api.GetAsync($"/api/v1/drills/{id}/rendered?format={settings.Format}", cancellationToken)).GetProperty("text").GetString() ?? "";
        if (settings.Out is { } file)
        {
            await File.WriteAllTextAsync(file, text, cancellationToken);
            Console.MarkupLineInterpolated($"{settings.Format} report of {settings.Drill} written to {file}");
        }
        else
        {
            Console.WriteRaw(text);
        }

        return ExitCodes.Ok;
    }
}
