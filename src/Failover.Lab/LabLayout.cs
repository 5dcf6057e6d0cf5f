using System.Globalization;
using System.Net;
using Failover.Lab.Network;

namespace Failover.Lab;

/// <summary>
/// The lab's fixed, documented layout: three sites, each on its own addresses (in its own network namespace, or on
/// loopback: <see cref="Network"/>), the same ports at every site, the edge at http://127.0.0.1:8080, the control plane's API at http://127.0.0.1:7400 and, when pdns-server is
/// installed, a PowerDNS server for zone <c>lab.</c> at 127.0.0.1:5300 (API at http://127.0.0.1:8081).
/// </summary>
public sealed record LabLayout(string Directory)
{
    public const int PostgresPort = 15432;
    public const int AppPort = 18080;
    public const int EdgePort = 8080;
    public const int ApiPort = 7400;

    /// <summary>Each site agent's API, on its site's listen address.</summary>
    public const int AgentPort = 7500;

    /// <summary>The lab's PowerDNS server (when pdns-server is installed): DNS on 127.0.0.1:5300, its HTTP API on 127.0.0.1:8081.</summary>
    public const int DnsPort = 5300;
    public const int DnsApiPort = 8081;
    public const string DnsZone = "lab.";
    public const string ServiceId = "ent-grand-est";
    public const string DnsName = "ent.grand-est.lab.";
    public const string Database = "ent";

    public static IReadOnlyList<LabSite> Sites { get; } =
    [
        new("ovh-sbg", "ovh", "Strasbourg", 1),
        new("ovh-rbx", "ovh", "Roubaix", 2),
        new("scw-par", "scaleway", "Paris", 3),
    ];

    public static LabSite Primary => Sites[0];

    /// <summary>
    /// <c>$FAILOVER_LAB_DIR</c>, else <c>~/.failover/lab</c>; as root, <c>/var/tmp/failover-lab</c>, since the
    /// PostgreSQL servers then run as the postgres user, who cannot enter root's home.
    /// </summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("FAILOVER_LAB_DIR")
        ?? (Environment.UserName == "root"
            ? "/var/tmp/failover-lab"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".failover", "lab"));

    public static LabSite Site(string id) =>
        Sites.FirstOrDefault(s => s.Id == id)
        ?? throw new ArgumentException($"unknown lab site '{id}': expected one of {string.Join(", ", Sites.Select(s => s.Id))}", nameof(id));

    public static Uri EdgeUrl { get; } = new($"http://127.0.0.1:{EdgePort}");

    public static Uri ApiUrl { get; } = new($"http://127.0.0.1:{ApiPort}");

    /// <summary>Where <c>lab up</c> keeps the network mode it chose.</summary>
    public string NetworkFile => Path.Combine(Directory, "network");

    /// <summary>The network this lab was brought up with (relay when none was recorded).</summary>
    public LabNetwork Network => LabNetwork.Read(NetworkFile);

    public string EstateFile => Path.Combine(Directory, "estate.yaml");

    public string TokensFile => Path.Combine(Directory, "tokens");

    public string SecretsDirectory => Path.Combine(Directory, "secrets");

    public string SuperuserPasswordFile => Path.Combine(SecretsDirectory, "postgres-password");

    public string AdminTokenFile => Path.Combine(SecretsDirectory, "app-admin-token");

    /// <summary>The control plane's admin bearer token, for the CLI (<c>--token-file</c>).</summary>
    public string ApiTokenFile => Path.Combine(SecretsDirectory, "api-token");

    /// <summary>The lab's PowerDNS API key; present only when the lab runs a PowerDNS server.</summary>
    public string PowerDnsApiKeyFile => Path.Combine(SecretsDirectory, "powerdns-api-key");

    public string PowerDnsDirectory => Path.Combine(Directory, "powerdns");

    public string JournalFile => Path.Combine(Directory, "journal.db");

    public string LogDirectory => Path.Combine(Directory, "logs");

    public string PidDirectory => Path.Combine(Directory, "pids");

    public string PostgresRoot => Path.Combine(Directory, "postgres");

    public string DataDirectory(LabSite site) => Path.Combine(PostgresRoot, site.Id);

    public string TlsDirectory => Path.Combine(SecretsDirectory, "tls");

    public string AgentStateDirectory(LabSite site) => Path.Combine(Directory, "agents", site.Id);

    public string PostgresLog(LabSite site) => Path.Combine(PostgresRoot, site.Id + ".log");

    /// <summary>Each server's own socket directory: they all use the same port, on different addresses.</summary>
    public string SocketDirectory(LabSite site) => Path.Combine(PostgresRoot, "sockets", site.Id);

    /// <summary>What differs per instance, given at every start so copies made by pg_basebackup or pg_rewind never inherit it.</summary>
    public string ServerOptions(LabSite site) => string.Create(
        CultureInfo.InvariantCulture,
        $"-p {PostgresPort} -c listen_addresses={Network.ListenAddress(site)} -c unix_socket_directories={SocketDirectory(site)} -c cluster_name={site.InstanceName}");

    public string PidFile(string process) => Path.Combine(PidDirectory, process + ".pid");

    public string LogFile(string process) => Path.Combine(LogDirectory, process + ".log");

    public static string AppUrl(IPAddress address) => string.Create(CultureInfo.InvariantCulture, $"http://{address}:{AppPort}");

    /// <summary>The estate the lab's control plane runs: the three sites, one service, the edge router, one observer.</summary>
    public string EstateYaml() => EstateYaml(Network);

    public string EstateYaml(LabNetwork network) => string.Create(CultureInfo.InvariantCulture, $$"""
        # Written by `failover lab up`; the lab's control plane reads it.
        providers:
          - { id: ovh, name: OVHcloud }
          - { id: scaleway, name: Scaleway }
        sites:
        {{string.Concat(Sites.Select(s => $"  - {{ id: {s.Id}, provider: {s.Provider}, location: {s.Location}, failureDomain: lab-{s.Id}, postgres: {{ host: {network.PublicAddress(s)}, port: {PostgresPort} }}, ingress: [{network.PublicAddress(s)}], agent: {{ url: \"https://{network.PublicAddress(s)}:{AgentPort}\" }} }}\n"))}}
        agents: { caFile: {{Path.Combine(TlsDirectory, "ca.pem")}}, certFile: {{Path.Combine(TlsDirectory, "control-plane.pem")}}, keyFile: {{Path.Combine(TlsDirectory, "control-plane.key")}} }
        observers:
          - { id: lab, failureDomain: lab-control }
        policies:
          - id: default
            automaticFailover: true
            detection: { interval: 500ms, gracePeriod: 3s, failuresToSuspect: 2, failuresToDown: 3, successesToRecover: 3 }
            quorum: majority
            flapDamping: 10m
            massFailureBrake: 100%
            lease: { ttl: 3s, driftMargin: 1s }
            approval: { twoPersonRule: false, requestExpiry: 15m }
        routers:
          - { id: edge, kind: edge }
        services:
          - id: {{ServiceId}}
            displayName: ENT Grand Est (lab)
            primary: {{Primary.Id}}
            standbys: [{{string.Join(", ", Sites.Skip(1).Select(s => s.Id))}}]
            database: { name: {{Database}}, user: postgres, passwordFile: {{SuperuserPasswordFile}}, replication: sync }
            health: { http: { scheme: http, port: {{AppPort}}, path: /healthz, timeout: 1s } }
            traffic: { router: edge, name: {{DnsName}}, ttl: 0 }
            targets: { rto: 30s, rpo: 0s }
            drills:
              maintenanceWindows: [lab-always-open]
              schedules:
                - { id: weekly-isolated, kind: isolated, cron: "0 0 3 ? * TUE" }
        drills:
          # The lab is never in production: its maintenance window opens every minute for a minute, so it is always open.
          maintenanceWindows:
            - { id: lab-always-open, start: "0 * * ? * *", duration: 60s }
        """);
}
