using System.Globalization;
using System.Text.Json;
using Failover.Cli.Client;
using Failover.Cli.Commands.Config;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary>
/// The common life of a mutating command: preview the plan, ask for confirmation, request it, then follow each step
/// live with its timing until the operation ends.
/// </summary>
internal sealed class OperationFlow(IAnsiConsole console, ApiClient api, MutatingSettings settings)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public async Task<int> RunAsync(object request, CancellationToken cancellationToken)
    {
        var plan = await api.PostAsync("/api/v1/operations/preview", request, cancellationToken);
        if (settings.Output == OutputFormat.Text)
        {
            RenderPlan(plan);
        }

        if (settings.DryRun)
        {
            if (settings.Output == OutputFormat.Json)
            {
                console.WriteRaw(plan.GetRawText());
            }

            return ExitCodes.Ok;
        }

        if (!settings.Yes)
        {
            if (!console.Profile.Capabilities.Interactive)
            {
                console.MarkupLine("[red]error:[/] confirmation needed: run again with --yes to proceed, or --dry-run to only preview");
                return ExitCodes.NotConfirmed;
            }

            if (!await console.ConfirmAsync("Proceed?", defaultValue: false, cancellationToken))
            {
                console.MarkupLine("Nothing done.");
                return ExitCodes.NotConfirmed;
            }
        }

        var created = await api.PostAsync("/api/v1/operations", request, cancellationToken);
        var id = created.GetProperty("operationId").GetString()!;
        return await FollowAsync(id, cancellationToken);
    }

    public async Task<int> FollowAsync(string id, CancellationToken cancellationToken)
    {
        var shown = 0;
        while (true)
        {
            var op = await api.GetAsync($"/api/v1/operations/{id}", cancellationToken);
            var journal = op.GetProperty("journal").EnumerateArray().ToList();
            if (settings.Output == OutputFormat.Text)
            {
                foreach (var entry in journal.Skip(shown))
                {
                    RenderEntry(entry);
                }
            }

            shown = journal.Count;
            var status = op.GetProperty("status").GetString();
            if (status == "awaitingapproval")
            {
                Finish(op, $"[yellow]{Markup.Escape(id)} awaits approval:[/] {Markup.Escape(op.GetProperty("approvalWhy").GetString() ?? "")}\nApprove with: failover approve {Markup.Escape(id)}");
                return ExitCodes.AwaitingApproval;
            }

            if (status is "succeeded")
            {
                var rto = op.TryGetProperty("rtoSeconds", out var r) ? string.Create(CultureInfo.InvariantCulture, $", RTO {r.GetDouble():0.0} s") : "";
                var loss = op.TryGetProperty("dataLossBytes", out var l) ? string.Create(CultureInfo.InvariantCulture, $", data loss {l.GetInt64()} bytes") : "";
                Finish(op, $"[green]{Markup.Escape(id)} succeeded[/]{rto}{loss}");
                return ExitCodes.Ok;
            }

            if (status is "failed" or "cancelled" or "refused" or "expired")
            {
                Finish(op, $"[red]{Markup.Escape(id)} {status}:[/] {Markup.Escape(op.TryGetProperty("outcome", out var o) ? o.GetString() ?? "" : "")}");
                return ExitCodes.OperationFailed;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private void Finish(JsonElement op, string text)
    {
        if (settings.Output == OutputFormat.Json)
        {
            console.WriteRaw(op.GetRawText());
        }
        else
        {
            console.MarkupLine(text);
        }
    }

    private void RenderPlan(JsonElement plan)
    {
        var table = new Table().Title($"{plan.GetProperty("kind").GetString()} of {plan.GetProperty("service").GetString()}: {plan.GetProperty("source").GetString()} → {plan.GetProperty("target").GetString()}")
            .AddColumns("#", "Step", "What it does", "Expected");
        var i = 1;
        foreach (var step in plan.GetProperty("steps").EnumerateArray())
        {
            var name = Markup.Escape(step.GetProperty("name").GetString()!) + (step.GetProperty("pointOfNoReturn").GetBoolean() ? " [red](no return)[/]" : "");
            table.AddRow((i++).ToString(CultureInfo.InvariantCulture), name, Markup.Escape(step.GetProperty("description").GetString()!),
                string.Create(CultureInfo.InvariantCulture, $"{step.GetProperty("expectedSeconds").GetDouble():0} s"));
        }

        console.Write(table);
        console.MarkupLineInterpolated($"Target: {plan.GetProperty("targetWhy").GetString()}");
        var within = plan.GetProperty("withinBudget").GetBoolean();
        console.MarkupLine($"Data-loss quote: [{(within ? "green" : "red")}]{Markup.Escape(plan.GetProperty("quote").GetString()!)}[/]");
        if (plan.GetProperty("approvalRequired").GetBoolean())
        {
            console.MarkupLineInterpolated($"[yellow]Approval required:[/] {plan.GetProperty("approvalWhy").GetString()}");
        }
    }

    private void RenderEntry(JsonElement entry)
    {
        var at = entry.GetProperty("at").GetDateTimeOffset().ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var kind = entry.GetProperty("kind").GetString()!;
        var step = entry.TryGetProperty("step", out var s) ? s.GetString() : null;
        var colour = kind switch
        {
            "StepSucceeded" or "Succeeded" => "green",
            "StepFailed" or "Failed" or "StaleEpoch" => "red",
            "StepRetry" => "yellow",
            _ => "grey",
        };
        console.MarkupLine($"{at} [{colour}]{Markup.Escape(kind)}[/] {Markup.Escape(step ?? "")} {Markup.Escape(entry.GetProperty("detail").GetString()!)}");
    }
}
