using System.Globalization;
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
