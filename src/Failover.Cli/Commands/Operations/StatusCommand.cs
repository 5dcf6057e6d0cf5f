using Failover.Cli.Client;
using Failover.Cli.Commands.Config;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary><c>failover status</c>: the estate at a glance.</summary>
internal sealed class StatusCommand(IAnsiConsole console) : ApiCommand<ApiSettings>(console)
{
    protected override async Task<int> RunAsync(ApiClient api, ApiSettings settings, CancellationToken cancellationToken)
    {
        var status = await api.GetAsync("/api/v1/status", cancellationToken);
        if (settings.Output == OutputFormat.Json)
        {
            Console.WriteRaw(status.GetRawText());
            return ExitCodes.Ok;
        }

        Console.Write(StatusTables.Sites(status));
        Console.Write(StatusTables.Services(status));
        return ExitCodes.Ok;
    }
}
