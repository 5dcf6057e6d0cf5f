using Failover.Lab;
using Spectre.Console;

namespace Failover.Cli.Commands.Lab;

internal sealed class LabBurnCommand(IAnsiConsole console) : LabCommand<LabSiteSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabSiteSettings settings, CancellationToken cancellationToken)
    {
        if (RequireUp(lab) is not ExitCodes.Ok and var code)
        {
            return code;
        }

        var killed = await lab.BurnAsync(LabLayout.Site(settings.Site), cancellationToken);
        Console.MarkupLineInterpolated($"[red]{settings.Site} burned[/]: kill -9 of {(killed.Count == 0 ? "nothing (already down)" : string.Join(" and ", killed))}");
        return ExitCodes.Ok;
    }
}
