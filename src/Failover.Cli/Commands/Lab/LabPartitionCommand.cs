using Failover.Lab;
using Failover.Lab.Network;
using Spectre.Console;

namespace Failover.Cli.Commands.Lab;

internal sealed class LabPartitionCommand(IAnsiConsole console) : LabCommand<LabSiteSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabSiteSettings settings, CancellationToken cancellationToken)
    {
        if (RequireUp(lab) is not ExitCodes.Ok and var code)
        {
            return code;
        }

        await lab.PartitionAsync(LabLayout.Site(settings.Site), cancellationToken);
        var how = lab.Layout.Network.Mode == LabNetworkMode.Namespaces
            ? "its link is down, packets to and from it are dropped (the control plane, the edge and the other sites no longer reach it)"
            : "the control plane and the edge no longer reach it (its relay is cut)";
        Console.MarkupLineInterpolated($"{settings.Site} partitioned: {how}; it keeps running");
        return ExitCodes.Ok;
    }
}
