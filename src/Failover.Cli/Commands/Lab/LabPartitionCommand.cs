using Failover.Lab;
using Spectre.Console;

namespace Failover.Cli.Commands.Lab;

internal sealed class LabPartitionCommand(IAnsiConsole console) : LabCommand<LabSiteSettings>(console)
{
    protected override Task<int> RunAsync(LabController lab, LabSiteSettings settings, CancellationToken cancellationToken) =>
        LabRelay.ChangeAsync(Console, lab, $"/lab/partition/{settings.Site}", $"{settings.Site} partitioned: the control plane and the edge no longer reach it; it keeps running", cancellationToken);
}
