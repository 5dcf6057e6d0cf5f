using Failover.Lab;
using Spectre.Console;

namespace Failover.Cli.Commands.Lab;

internal sealed class LabHostCommand(IAnsiConsole console) : LabCommand<LabSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabSettings settings, CancellationToken cancellationToken)
    {
        await LabHost.RunAsync(lab.Layout, cancellationToken);
        return ExitCodes.Ok;
    }
}
