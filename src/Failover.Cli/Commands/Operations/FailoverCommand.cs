using Failover.Cli.Client;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary><c>failover failover SERVICE [--to SITE] [--force]</c>: unplanned, bounded data loss.</summary>
internal sealed class FailoverCommand(IAnsiConsole console) : ApiCommand<FailoverSettings>(console)
{
    protected override Task<int> RunAsync(ApiClient api, FailoverSettings settings, CancellationToken cancellationToken) =>
        new OperationFlow(Console, api, settings).RunAsync(
            new { service = settings.Service, kind = "failover", target = settings.To, force = settings.Force, reason = settings.Reason }, cancellationToken);
}
