using Failover.Cli.Client;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary><c>failover failback SERVICE</c>: a planned switchover back to the configured primary site.</summary>
internal sealed class FailbackCommand(IAnsiConsole console) : ApiCommand<ServiceOperationSettings>(console)
{
    protected override Task<int> RunAsync(ApiClient api, ServiceOperationSettings settings, CancellationToken cancellationToken) =>
        new OperationFlow(Console, api, settings).RunAsync(new { service = settings.Service, kind = "failback", reason = settings.Reason }, cancellationToken);
}
