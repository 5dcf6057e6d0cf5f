using Failover.Lab;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Lab;

/// <summary>Lab commands report a failure (a missing PostgreSQL, a busy port) as a message and exit code, never a stack trace.</summary>
internal abstract class LabCommand<TSettings>(IAnsiConsole console) : AsyncCommand<TSettings>
    where TSettings : LabSettings
{
    protected IAnsiConsole Console => console;

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(new LabController(settings.Layout, SelfInvocation.Current()), settings, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or UnauthorizedAccessException or HttpRequestException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.OperationFailed;
        }
    }

    protected abstract Task<int> RunAsync(LabController lab, TSettings settings, CancellationToken cancellationToken);

    protected int RequireUp(LabController lab)
    {
        if (lab.IsUp)
        {
            return ExitCodes.Ok;
        }

        console.MarkupLineInterpolated($"[red]error:[/] no lab is up in {lab.Layout.Directory}: start one with `failover lab up --detach`");
        return ExitCodes.Invalid;
    }
}
