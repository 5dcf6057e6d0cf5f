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
