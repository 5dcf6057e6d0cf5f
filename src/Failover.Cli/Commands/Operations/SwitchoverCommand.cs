using Failover.Cli.Client;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary><c>failover switchover SERVICE [--to SITE]</c>: planned, zero data loss.</summary>
internal sealed class SwitchoverCommand(IAnsiConsole console) : ApiCommand<SwitchoverSettings>(console)
{
    protected override Task<int> RunAsync(ApiClient api, SwitchoverSettings settings, CancellationToken cancellationToken) =>
        new OperationFlow(Console, api, settings).RunAsync(new { service = settings.Service, kind = "switchover", target = settings.To, reason = settings.Reason }, cancellationToken);
}
