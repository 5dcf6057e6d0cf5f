using System.ComponentModel;
using Failover.ControlPlane.Hosting;
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
    [Description("Feed the quorum and serve status, never act (every observer but the estate's acting one)")]
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

    [CommandOption("--operation-timeout <DURATION>")]
    [Description("An operation not finished this long after it started is failed (default 5m; env FAILOVER_Engine__OperationTimeout)")]
    public string? OperationTimeout { get; init; }

    /// <summary>The settings given on the command line, by key; they override the environment's.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
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
