using Failover.Cli.Client;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary><c>failover approve OP</c>: the second person of the two-person rule.</summary>
internal sealed class ApproveCommand(IAnsiConsole console) : ApiCommand<OperationIdSettings>(console)
{
    protected override async Task<int> RunAsync(ApiClient api, OperationIdSettings settings, CancellationToken cancellationToken)
    {
        await api.PostAsync($"/api/v1/operations/{Uri.EscapeDataString(settings.Operation)}/approve", null, cancellationToken);
        var follow = new MutatingSettings { Api = settings.Api, TokenFile = settings.TokenFile, Output = settings.Output };
        return await new OperationFlow(Console, api, follow).FollowAsync(settings.Operation, cancellationToken);
    }
}
