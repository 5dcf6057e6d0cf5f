using System.ComponentModel;
using Failover.Cli.Commands.Config;
using Failover.Configuration;
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

internal sealed class ServeSettings : CommandSettings
{
    [CommandOption("-c|--config <FILE>")]
    [Description("Estate file (YAML)")]
    public string ConfigFile { get; init; } = "";

    [CommandOption("--tokens <FILE>")]
    [Description("Bearer tokens, one TOKEN,NAME,ROLE per line (role: viewer, operator or admin)")]
    public string TokensFile { get; init; } = "";

    [CommandOption("--url <URL>")]
    [Description("Where the API listens")]
    [DefaultValue(ControlPlaneOptions.DefaultUrl)]
    public string Url { get; init; } = ControlPlaneOptions.DefaultUrl;

    [CommandOption("--journal <FILE>")]
    [Description("The journal (operations, audit trail, service epochs): a SQLite file, or kubernetes://NAMESPACE/NAME (ConfigMaps shared by replicas)")]
    [DefaultValue("failover-journal.db")]
    public string JournalFile { get; init; } = "failover-journal.db";

    [CommandOption("--peer-token-file <FILE>")]
    [Description("With several observers: the bearer token (operator role) this instance presents to its peers")]
    public string? PeerTokenFile { get; init; }

    [CommandOption("--observe-only")]
    [Description("Feed the quorum and serve status, never act (every instance but one, until leader election)")]
    public bool ObserveOnly { get; init; }

    [CommandOption("--observer <ID>")]
    [Description("The observer id this instance votes as (one of the estate's observers)")]
    public string? ObserverId { get; init; }

    [CommandOption("--leader-election")]
    [Description("Run as one of several replicas: elect a leader on a Lease; only the leader acts (needs --journal kubernetes://...)")]
    public bool LeaderElection { get; init; }

    [CommandOption("--lease-namespace <NAMESPACE>")]
    [Description("Namespace of the leader-election Lease (default: the journal's)")]
    public string? LeaseNamespace { get; init; }

    [CommandOption("--lease-name <NAME>")]
    [Description("Name of the leader-election Lease")]
    [DefaultValue("failover-leader")]
    public string LeaseName { get; init; } = "failover-leader";

    [CommandOption("--identity <ID>")]
    [Description("This replica's identity in the election (default: POD_NAME, else the host name)")]
    public string? Identity { get; init; }

    [CommandOption("--kubeconfig <FILE>")]
    [Description("Kubeconfig for the Lease and the Kubernetes journal (default: the pod's service account)")]
    public string? Kubeconfig { get; init; }

    [CommandOption("--site-lease <DURATION>")]
    [Description("How long a site agent keeps its primary writable without a quorum; must match the agents' (default 15s; env FAILOVER_Engine__SiteLease)")]
    public string? SiteLease { get; init; }

    [CommandOption("--operation-timeout <DURATION>")]
    [Description("An operation not finished this long after it started is failed (default 5m; env FAILOVER_Engine__OperationTimeout)")]
    public string? OperationTimeout { get; init; }

    /// <summary>The settings given on the command line, by key; they override the environment's.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        [ControlPlaneSettings.SiteLease] = SiteLease,
        [ControlPlaneSettings.OperationTimeout] = OperationTimeout,
    };

    public HighAvailabilityOptions HighAvailability => new()
    {
        Journal = JournalFile, LeaderElection = LeaderElection, LeaseNamespace = LeaseNamespace, LeaseName = LeaseName, Identity = Identity, Kubeconfig = Kubeconfig, ObserveOnly = ObserveOnly,
    };

    public override ValidationResult Validate() =>
        HighAvailability.Validate() is { } ha ? ValidationResult.Error(ha) :
        ConfigFile.Length == 0 ? ValidationResult.Error("--config FILE is required")
        : TokensFile.Length == 0 ? ValidationResult.Error("--tokens FILE is required")
        : !Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") ? ValidationResult.Error($"--url must be an http(s) URL, found '{Url}'")
        : ValidationResult.Success();
}

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
