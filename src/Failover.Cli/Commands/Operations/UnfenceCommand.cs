using Failover.Cli.Client;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary><c>failover unfence SITE</c>: lift an operator fence.</summary>
internal sealed class UnfenceCommand(IAnsiConsole console) : ApiCommand<SiteOperationSettings>(console)
{
    protected override Task<int> RunAsync(ApiClient api, SiteOperationSettings settings, CancellationToken cancellationToken) =>
        SiteOperation.RunAsync(Console, api, settings, "unfence", cancellationToken);
}
