using System.Globalization;
using System.Text.Json;
using Failover.Cli.Client;
using Failover.Cli.Commands.Config;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary><c>failover operation show OP</c>: one operation with its evidence and audit trail.</summary>
internal sealed class OperationShowCommand(IAnsiConsole console) : ApiCommand<OperationIdSettings>(console)
{
    protected override async Task<int> RunAsync(ApiClient api, OperationIdSettings settings, CancellationToken cancellationToken)
    {
        var op = await api.GetAsync($"/api/v1/operations/{Uri.EscapeDataString(settings.Operation)}", cancellationToken);
        if (settings.Output == OutputFormat.Json)
        {
            Console.WriteRaw(op.GetRawText());
            return ExitCodes.Ok;
        }

        var grid = new Grid().AddColumn().AddColumn();
        foreach (var name in new[] { "id", "kind", "service", "status", "requestedBy", "reason", "source", "target", "targetWhy", "epoch", "quote", "approvedBy", "outcome", "rtoSeconds", "dataLossBytes" })
        {
            if (op.TryGetProperty(name, out var value))
            {
                grid.AddRow($"[bold]{name}[/]", Markup.Escape(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()));
            }
        }

        Console.Write(grid);
        var journal = new Table().Title("Journal").AddColumns("At", "Entry", "Step", "By", "Detail");
        foreach (var e in op.GetProperty("journal").EnumerateArray())
        {
            journal.AddRow(
                e.GetProperty("at").GetDateTimeOffset().ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
                e.GetProperty("kind").GetString()!,
                Markup.Escape(e.TryGetProperty("step", out var s) ? s.GetString()! : ""),
                Markup.Escape(e.GetProperty("actor").GetString()!),
                Markup.Escape(e.GetProperty("detail").GetString()!));
        }

        Console.Write(journal);
        return ExitCodes.Ok;
    }
}
