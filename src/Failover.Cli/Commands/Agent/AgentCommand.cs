using Failover.Agent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Agent;

/// <summary>
/// <c>failover agent</c>: the site agent beside one PostgreSQL member. Runs until SIGTERM or SIGINT, then stops the
/// postmaster (fast shutdown) and exits.
/// </summary>
internal sealed class AgentCommand(IAnsiConsole console) : AsyncCommand<AgentSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, AgentSettings settings, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = AgentHost.Build(settings.ToOptions());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.Invalid;
        }

        await using (app)
        {
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.Net.Sockets.SocketException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] the agent could not start: {e.Message}");
                return ExitCodes.OperationFailed;
            }

            await app.WaitForShutdownAsync(cancellationToken);
        }

        return ExitCodes.Ok;
    }
}
