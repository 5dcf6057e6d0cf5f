using Failover.Lab;
using Spectre.Console;

namespace Failover.Cli.Commands.Lab;

internal sealed class LabDownCommand(IAnsiConsole console) : LabCommand<LabSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabSettings settings, CancellationToken cancellationToken)
    {
        await lab.DownAsync(cancellationToken);
        Console.MarkupLineInterpolated($"lab down: every process stopped, {lab.Layout.Directory} removed");
        return ExitCodes.Ok;
    }
}
