using Failover.Cli.Commands.Config;
using Failover.ControlPlane.Auth;
using Failover.ControlPlane.Hosting;
using Failover.ControlPlane.Runtime;
using Failover.Core.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Serve;

/// <summary>
/// <c>failover serve</c>: the control plane host. It reads the estate, the tokens and the peer token, takes the role
/// <see cref="ObserverRole"/> decides, and runs what <see cref="ControlPlaneHost"/> composes.
/// </summary>
internal sealed class ServeCommand(IAnsiConsole console) : AsyncCommand<ServeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        if (EstateFile.TryLoad(console, settings.ConfigFile) is not { } result)
        {
            return ExitCodes.Unreadable;
        }

        if (result.Estate is not { } estate)
        {
            EstateFile.PrintDiagnostics(console, settings.ConfigFile, result);
            return ExitCodes.Invalid;
        }

        var role = ObserverRole.Decide(estate.Observers, settings.ObserverId, settings.ObserveOnly);
        if (role.Refusal is { } refusal)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {refusal}");
            return ExitCodes.Invalid;
        }

        TokenFile tokens;
        try
        {
            tokens = TokenFile.Load(settings.TokensFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] cannot read tokens file '{settings.TokensFile}': {e.Message}");
            return ExitCodes.Unreadable;
        }
        catch (FormatException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.Invalid;
        }

        string? peerToken = null;
        if (estate.Observers.Count > 1)
        {
            if (settings.PeerTokenFile is null)
            {
                console.MarkupLine("[red]error:[/] with several observers, give --peer-token-file FILE: the token (operator role) this instance presents to its peers");
                return ExitCodes.Invalid;
            }

            try
            {
                peerToken = (await File.ReadAllTextAsync(settings.PeerTokenFile, cancellationToken)).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] cannot read --peer-token-file '{settings.PeerTokenFile}': {e.Message}");
                return ExitCodes.Unreadable;
            }
        }

        var options = new ControlPlaneOptions
        {
            ConfigFile = settings.ConfigFile, TokensFile = settings.TokensFile, Url = settings.Url, Acts = role.Acts, ObserverId = role.ObserverId, PeerToken = peerToken,
        };
        WebApplication app;
        try
        {
            app = ControlPlaneHost.Build(options, estate, tokens, settings.HighAvailability, settings: ControlPlaneSettings.Create(settings.Settings));
        }
        catch (OptionsValidationException e)
        {
            PrintErrors(e.Failures);
            return ExitCodes.Invalid;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            PrintErrors(e.InnerExceptions.SelectMany(i => ((OptionsValidationException)i).Failures));
            return ExitCodes.Invalid;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or k8s.Exceptions.KubeConfigException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.Invalid;
        }

        await using (app)
        {
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
        }

        return ExitCodes.Ok;
    }

    private void PrintErrors(IEnumerable<string> failures)
    {
        foreach (var failure in failures)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {failure}");
        }
    }
}
