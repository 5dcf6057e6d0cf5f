using Failover.Cli.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Operations;

/// <summary>A command that talks to the control plane; API failures end it with their message and exit code, never a stack trace.</summary>
internal abstract class ApiCommand<TSettings>(IAnsiConsole console) : AsyncCommand<TSettings>
    where TSettings : ApiSettings
{
    protected IAnsiConsole Console => console;

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            using var api = settings.Connect();
            return await RunAsync(api, settings, cancellationToken);
        }
        catch (ApiException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return e.ExitCode;
        }
    }

    protected abstract Task<int> RunAsync(ApiClient api, TSettings settings, CancellationToken cancellationToken);
}
