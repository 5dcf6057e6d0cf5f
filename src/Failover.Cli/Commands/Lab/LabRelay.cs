using Failover.Lab;
using Spectre.Console;

namespace Failover.Cli.Commands.Lab;

internal static class LabRelay
{
    public static async Task<int> ChangeAsync(IAnsiConsole console, LabController lab, string path, string done, CancellationToken cancellationToken)
    {
        if (!lab.IsUp)
        {
            console.MarkupLineInterpolated($"[red]error:[/] no lab is up in {lab.Layout.Directory}: start one with `failover lab up --detach`");
            return ExitCodes.Invalid;
        }

        using var response = await lab.PostToHostAsync(path, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            console.MarkupLineInterpolated($"[red]error:[/] the lab host answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return ExitCodes.OperationFailed;
        }

        console.MarkupLineInterpolated($"{done}");
        return ExitCodes.Ok;
    }
}
