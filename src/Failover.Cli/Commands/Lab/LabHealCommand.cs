using Failover.Lab;
using Spectre.Console;

namespace Failover.Cli.Commands.Lab;

internal sealed class LabHealCommand(IAnsiConsole console) : LabCommand<LabSiteSettings>(console)
{
    protected override Task<int> RunAsync(LabController lab, LabSiteSettings settings, CancellationToken cancellationToken) =>
        LabRelay.ChangeAsync(Console, lab, $"/lab/heal/{settings.Site}", $"{settings.Site} healed: reachable again", cancellationToken);
}
