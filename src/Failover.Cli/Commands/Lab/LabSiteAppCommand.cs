using Failover.Lab;
using Spectre.Console;

namespace Failover.Cli.Commands.Lab;

internal sealed class LabSiteAppCommand(IAnsiConsole console) : LabCommand<LabSiteAppSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabSiteAppSettings settings, CancellationToken cancellationToken)
    {
        await LabSiteApp.RunAsync(lab.Layout, LabLayout.Site(settings.Site), cancellationToken);
        return ExitCodes.Ok;
    }
}
