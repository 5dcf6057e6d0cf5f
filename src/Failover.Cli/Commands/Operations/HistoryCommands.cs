using System.Globalization;
using System.Text.Json;
using Failover.Cli.Client;
using Failover.Cli.Commands.Config;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary><c>failover history</c>: every journaled operation, newest first.</summary>
internal sealed class HistoryCommand(IAnsiConsole console) : ApiCommand<ApiSettings>(console)
{
    protected override async Task<int> RunAsync(ApiClient api, ApiSettings settings, CancellationToken cancellationToken)
    {
        var operations = await api.GetAsync("/api/v1/operations", cancellationToken);
        if (settings.Output == OutputFormat.Json)
        {
            Console.WriteRaw(operations.GetRawText());
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("Operation", "Kind", "Service", "From → to", "Status", "By", "Created", "RTO", "Data loss");
        foreach (var op in operations.EnumerateArray())
        {
            table.AddRow(
                Markup.Escape(op.GetProperty("id").GetString()!),
                op.GetProperty("kind").GetString()!,
                Markup.Escape(op.GetProperty("service").GetString()!),
                Markup.Escape($"{op.GetProperty("source").GetString()} → {op.GetProperty("target").GetString()}"),
                op.GetProperty("status").GetString()!,
                Markup.Escape(op.GetProperty("requestedBy").GetString()!),
                op.GetProperty("createdAt").GetDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                op.TryGetProperty("rtoSeconds", out var r) ? string.Create(CultureInfo.InvariantCulture, $"{r.GetDouble():0.0} s") : "-",
                op.TryGetProperty("dataLossBytes", out var l) ? string.Create(CultureInfo.InvariantCulture, $"{l.GetInt64()} B") : "-");
        }

        Console.Write(table);
        return ExitCodes.Ok;
    }
}

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
