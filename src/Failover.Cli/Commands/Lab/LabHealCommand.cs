using Failover.Lab;
using Spectre.Console;

namespace Failover.Cli.Commands.Lab;

internal sealed class LabHealCommand(IAnsiConsole console) : LabCommand<LabHealSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabHealSettings settings, CancellationToken cancellationToken)
    {
        if (RequireUp(lab) is not ExitCodes.Ok and var code)
        {
            return code;
        }

        var sites = settings.Site is { } id ? [LabLayout.Site(id)] : LabLayout.Sites;
        foreach (var site in sites)
        {
            await lab.HealAsync(site, cancellationToken);
        }

        Console.MarkupLineInterpolated($"{string.Join(", ", sites.Select(s => s.Id))} healed: reachable again");
        return ExitCodes.Ok;
    }
}
