using Failover.Cli.Client;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary><c>failover cancel OP</c>: before the point of no return only.</summary>
internal sealed class CancelCommand(IAnsiConsole console) : ApiCommand<OperationIdSettings>(console)
{
    protected override async Task<int> RunAsync(ApiClient api, OperationIdSettings settings, CancellationToken cancellationToken)
    {
        var result = await api.PostAsync($"/api/v1/operations/{Uri.EscapeDataString(settings.Operation)}/cancel", new { reason = settings.Reason }, cancellationToken);
        Console.MarkupLineInterpolated($"{settings.Operation}: {result.GetProperty("message").GetString()}");
        return ExitCodes.Ok;
    }
}
