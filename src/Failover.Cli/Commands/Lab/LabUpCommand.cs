using Failover.Lab;
using Spectre.Console;

namespace Failover.Cli.Commands.Lab;

/// <summary><c>failover lab up [--detach]</c> (also plain <c>failover lab</c>).</summary>
internal sealed class LabUpCommand(IAnsiConsole console) : LabCommand<LabUpSettings>(console)
{
    protected override async Task<int> RunAsync(LabController lab, LabUpSettings settings, CancellationToken cancellationToken)
    {
        await lab.UpAsync(line => Console.MarkupLineInterpolated($"[grey]lab:[/] {line}"), cancellationToken);
        Console.MarkupLineInterpolated($"""
            The ENT:        {LabLayout.EdgeUrl}{LabLayout.ServiceId}/   (POST /api/homework, GET /api/homework/ID)
            Control plane:  {LabLayout.ApiUrl}   token in {lab.Layout.ApiTokenFile}
            Try:            failover status --token-file {lab.Layout.ApiTokenFile}
                            failover lab burn ovh-sbg
            """);
        if (settings.Detach)
        {
            return ExitCodes.Ok;
        }

        try
        {
            await new LabDashboard(Console, lab).RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: bring the lab down below.
        }

        Console.MarkupLine("[grey]lab:[/] bringing the lab down");
        await lab.DownAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }
}
