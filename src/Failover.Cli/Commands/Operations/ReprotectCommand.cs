using Failover.Cli.Client;
using Spectre.Console;

namespace Failover.Cli.Commands.Operations;

/// <summary><c>failover reprotect SITE</c>: rebuild the site's member as a standby of the current primary.</summary>
internal sealed class ReprotectCommand(IAnsiConsole console) : ApiCommand<SiteOperationSettings>(console)
{
    protected override Task<int> RunAsync(ApiClient api, SiteOperationSettings settings, CancellationToken cancellationToken) =>
        SiteOperation.RunAsync(Console, api, settings, "reprotect", cancellationToken);
}
