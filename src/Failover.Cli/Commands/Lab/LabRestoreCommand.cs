using Failover.Lab;
using Spectre.Console;

namespace Failover.Cli.Commands.Lab;

internal sealed class LabRestoreCommand(IAnsiConsole console) : LabCommand<LabSiteSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabSiteSettings settings, CancellationToken cancellationToken)
    {
        if (RequireUp(lab) is not ExitCodes.Ok and var code)
        {
            return code;
        }

        await lab.RestoreAsync(LabLayout.Site(settings.Site), cancellationToken);
        Console.MarkupLineInterpolated($"{settings.Site} restored: its database and application run again; the control plane keeps it fenced until it is rebuilt as a standby");
        return ExitCodes.Ok;
    }
}
