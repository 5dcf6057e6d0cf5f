using System.Globalization;
using System.Text.Json;
using Failover.Cli.Client;
using Failover.Cli.Commands.Operations;
using Failover.Lab;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Failover.Cli.Commands.Lab;

/// <summary>The lab's live view: processes per site, verdicts, primary, lag, traffic and the latest operations.</summary>
internal sealed class LabDashboard(IAnsiConsole console, LabController lab)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var api = new ApiClient(LabLayout.ApiUrl, lab.ApiToken);
        await console.Live(new Markup("[grey]connecting…[/]")).StartAsync(async live =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                IRenderable view;
                try
                {
                    var status = await api.GetAsync("/api/v1/status", cancellationToken);
                    var operations = await api.GetAsync("/api/v1/operations", cancellationToken);
                    var events = await api.GetAsync("/api/v1/events/recent", cancellationToken);
                    var links = await lab.LinksAsync(cancellationToken);
                    view = new Rows(
                        new Markup(Markup.Escape($"network: {lab.Layout.Network.Description}")),
                        Render(lab, status, links), Operations(operations), Events(events),
                        new Markup("[grey]Ctrl+C brings the lab down. In another terminal: failover lab burn ovh-sbg[/]"));
                }
                catch (ApiException e)
                {
                    view = new Markup($"[red]{Markup.Escape(e.Message)}[/]");
                }

                live.UpdateTarget(view);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        });
    }

    /// <param name="links">Each site's link ("connected" or "partitioned").</param>
    public static IRenderable Render(LabController lab, JsonElement status, IReadOnlyDictionary<string, string>? links)
    {
        var processes = new Table().Title("Lab processes").AddColumns("Site", "Address", "Link", "PostgreSQL", "Application");
        var network = lab.Layout.Network;
        foreach (var site in LabLayout.Sites)
        {
            var running = lab.Processes()[site.Id];
            var json = JsonSerializer.SerializeToElement(running);
            var link = links?.GetValueOrDefault(site.Id) ?? "?";
            processes.AddRow(
                site.Id, network.PublicAddress(site).ToString(), link == "connected" ? "[green]connected[/]" : $"[red]{Markup.Escape(link)}[/]",
                Pid(json.GetProperty("postgres")), Pid(json.GetProperty("application")));
        }

        return new Rows(processes, StatusTables.Sites(status), StatusTables.Services(status));
    }

    private static Table Operations(JsonElement operations)
    {
        var table = new Table().Title("Latest operations").AddColumns("Operation", "Status", "By", "RTO", "Outcome");
        foreach (var op in operations.EnumerateArray().Take(5))
        {
            table.AddRow(
                Markup.Escape(op.GetProperty("id").GetString()!),
                op.GetProperty("status").GetString()!,
                Markup.Escape(op.GetProperty("requestedBy").GetString()!),
                op.TryGetProperty("rtoSeconds", out var r) ? string.Create(CultureInfo.InvariantCulture, $"{r.GetDouble():0.0} s") : "-",
                Markup.Escape(op.TryGetProperty("outcome", out var o) ? o.GetString() ?? "" : ""));
        }

        return table;
    }

    private static Table Events(JsonElement events)
    {
        var table = new Table().Title("Events").AddColumns("At", "Kind", "Subject", "What");
        foreach (var e in events.EnumerateArray().Take(8))
        {
            table.AddRow(
                e.GetProperty("at").GetDateTimeOffset().ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(e.GetProperty("kind").GetString()!),
                Markup.Escape(e.GetProperty("subject").GetString()!),
                Markup.Escape(e.GetProperty("message").GetString()!));
        }

        return table;
    }

    private static string Pid(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? $"[green]pid {value.GetInt32()}[/]" : "[red]stopped[/]";
}
