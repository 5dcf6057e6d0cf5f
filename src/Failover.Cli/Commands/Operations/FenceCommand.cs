using Failover.Cli.Client;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary><c>failover fence SITE</c>: make every member at the site read-only and stop its workloads.</summary>
internal sealed class FenceCommand(IAnsiConsole console) : ApiCommand<SiteOperationSettings>(console)
{
    protected override Task<int> RunAsync(ApiClient api, SiteOperationSettings settings, CancellationToken cancellationToken) =>
        SiteOperation.RunAsync(Console, api, settings, "fence", cancellationToken);
}
