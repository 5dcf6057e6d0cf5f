using System.ComponentModel;
using Failover.Cli.Commands.Config;
using Failover.Configuration;
using Failover.ControlPlane.Auth;
using Failover.ControlPlane.Hosting;
using Failover.ControlPlane.Runtime;
using Failover.Postgres;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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

/// <summary><c>failover serve</c>: the control plane host.</summary>
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

        if (settings.ObserverId is { } observer && estate.Observers.All(o => o.Id != observer))
        {
            console.MarkupLineInterpolated($"[red]error:[/] --observer '{observer}' is not one of the estate's observers ({string.Join(", ", estate.Observers.Select(o => o.Id))})");
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

        if (settings.ObserverId is null && estate.Observers.Count > 1)
        {
            console.MarkupLineInterpolated($"[red]error:[/] the estate declares {estate.Observers.Count} observers: say which one this instance is with --observer");
            return ExitCodes.Invalid;
        }

        var self = settings.ObserverId ?? (estate.Observers.Count == 1 ? estate.Observers[0].Id : null);
        if (!settings.ObserveOnly && estate.Observers.FirstOrDefault(o => o.Acts) is { } acting && acting.Id != self)
        {
            console.MarkupLineInterpolated(
                $"[red]error:[/] --observer {self}: the estate's acting observer is '{acting.Id}' (acts: true); run this instance with --observe-only");
            return ExitCodes.Invalid;
        }

        if (!settings.ObserveOnly && estate.Observers.Count > 1 && !estate.Observers.Any(o => o.Acts))
        {
            console.MarkupLine(
                "[red]error:[/] the estate declares several observers and none says acts: true: mark the one whose control plane acts, and run the others with --observe-only (two acting control planes could promote different standbys)");
            return ExitCodes.Invalid;
        }

        var options = new ControlPlaneOptions
        {
            ConfigFile = settings.ConfigFile, TokensFile = settings.TokensFile, Url = settings.Url, Acts = !settings.ObserveOnly, ObserverId = settings.ObserverId ?? (estate.Observers.Count == 1 ? estate.Observers[0].Id : null),
        };
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

        var logger = ControlPlaneLogging.Create(options.JsonLogs);
        using var loggers = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger);
        using var peers = new HttpClient();
        var views = peerToken is null
            ? null
            : new HttpObserverViewExchange(estate, options.ObserverId!, peerToken, peers, loggers.CreateLogger<HttpObserverViewExchange>());
        Core.Journal.IJournalStore? journal;
        Core.Leadership.ILeadership? leadership;
        IDisposable? kubernetes;
        try
        {
            (journal, leadership, kubernetes) = HighAvailability.Create(settings.HighAvailability, loggers);
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or k8s.Exceptions.KubeConfigException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.Invalid;
        }

        using var kubernetesClient = kubernetes;
        var components = await AdapterComposition.CreateAsync(
            estate, settings.JournalFile, new EnvironmentAndFileSecretResolver(), loggers, cancellationToken, views: views, journal: journal, leadership: leadership);
        await using var app = ControlPlaneHost.Build(options, estate, tokens, components, logger: logger);
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
