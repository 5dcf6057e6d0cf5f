using System.ComponentModel;
using System.Globalization;
using Failover.Agent;
using Failover.Configuration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Failover.Cli.Commands.Agent;

internal sealed class AgentSettings : CommandSettings
{
    [CommandOption("--service <ID>")]
    [Description("The service whose member this agent supervises")]
    public string ServiceId { get; init; } = "";

    [CommandOption("--site <ID>")]
    [Description("The site this agent runs at")]
    public string SiteId { get; init; } = "";

    [CommandOption("--data-dir <DIR>")]
    [Description("The member's PostgreSQL data directory")]
    public string DataDirectory { get; init; } = "";

    [CommandOption("--state-dir <DIR>")]
    [Description("The agent's own state: highest epoch, fence marker, fence journal (journal.jsonl)")]
    public string StateDirectory { get; init; } = "";

    [CommandOption("--listen <HOST:PORT>")]
    [Description("Where the API listens (an IP address or localhost)")]
    public string Listen { get; init; } = "";

    [CommandOption("--cert <FILE>")]
    [Description("PEM server certificate of the API")]
    public string? CertificateFile { get; init; }

    [CommandOption("--key <FILE>")]
    [Description("PEM private key of --cert")]
    public string? KeyFile { get; init; }

    [CommandOption("--client-ca <FILE>")]
    [Description("PEM CA that signs the control plane's client certificates (others get 401)")]
    public string? ClientCaFile { get; init; }

    [CommandOption("--insecure-loopback")]
    [Description("Plain HTTP without client certificates, only on a loopback --listen (the lab)")]
    public bool InsecureLoopback { get; init; }

    [CommandOption("--postgres-bin <DIR>")]
    [Description("Directory of the PostgreSQL programs")]
    [DefaultValue(AgentOptions.DefaultPostgresBin)]
    public string PostgresBin { get; init; } = AgentOptions.DefaultPostgresBin;

    [CommandOption("--postgres-option <NAME=VALUE>")]
    [Description("A server setting, passed as postgres -c NAME=VALUE (repeatable)")]
    public string[] PostgresOptions { get; init; } = [];

    [CommandOption("--server-log <FILE>")]
    [Description("The server's output, appended (default STATE/postgres.log)")]
    public string? ServerLog { get; init; }

    [CommandOption("--run-as <USER>")]
    [Description("The user the postmaster runs as (required when the agent runs as root)")]
    public string? RunAs { get; init; }

    [CommandOption("--db-host <HOST>")]
    [Description("Host (or unix socket directory) of the local SQL session")]
    [DefaultValue("127.0.0.1")]
    public string DbHost { get; init; } = "127.0.0.1";

    [CommandOption("--db-port <PORT>")]
    [Description("Port of the local server (default: the port server option, else 5432)")]
    public string? DbPort { get; init; }

    [CommandOption("--db-user <USER>")]
    [Description("Superuser of the local SQL session and of rebuilds")]
    [DefaultValue("postgres")]
    public string DbUser { get; init; } = "postgres";

    [CommandOption("--password-file <FILE>")]
    [Description("Password of --db-user (also used against the primary during a rebuild)")]
    public string? PasswordFile { get; init; }

    [CommandOption("--app-stop-command <CMD>")]
    [Description("Run through /bin/sh -c at every fence: stops the site's application (e.g. kubectl scale --replicas=0 ...)")]
    public string? AppStopCommand { get; init; }

    [CommandOption("--app-stop-timeout <DURATION>")]
    [Description("Bound of --app-stop-command")]
    [DefaultValue("5s")]
    public string AppStopTimeout { get; init; } = "5s";

    [CommandOption("--app-start-command <CMD>")]
    [Description("Run through /bin/sh -c when a lease of the epoch the member was fenced under lifts the fence: starts the site's application again")]
    public string? AppStartCommand { get; init; }

    [CommandOption("--app-start-timeout <DURATION>")]
    [Description("Bound of --app-start-command")]
    [DefaultValue("5s")]
    public string AppStartTimeout { get; init; } = "5s";

    public override ValidationResult Validate()
    {
        if (PostgresOptions.FirstOrDefault(o => o.IndexOf('=', StringComparison.Ordinal) <= 0) is { } bad)
        {
            return ValidationResult.Error($"--postgres-option: expected NAME=VALUE, found '{bad}'");
        }

        if (DbPort is not null && !int.TryParse(DbPort, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return ValidationResult.Error($"--db-port: expected a port from 1 to 65535, found '{DbPort}'");
        }

        if (!Units.TryParseDuration(AppStopTimeout, out _))
        {
            return ValidationResult.Error($"--app-stop-timeout: expected a duration such as 500ms or 5s, found '{AppStopTimeout}'");
        }

        if (!Units.TryParseDuration(AppStartTimeout, out _))
        {
            return ValidationResult.Error($"--app-start-timeout: expected a duration such as 500ms or 5s, found '{AppStartTimeout}'");
        }

        var errors = ToOptions().Validate();
        return errors.Count > 0 ? ValidationResult.Error(string.Join(Environment.NewLine, errors)) : ValidationResult.Success();
    }

    public AgentOptions ToOptions()
    {
        var appStopTimeout = Units.TryParseDuration(AppStopTimeout, out var parsed) ? parsed : TimeSpan.Zero;
        var appStartTimeout = Units.TryParseDuration(AppStartTimeout, out var parsedStart) ? parsedStart : TimeSpan.Zero;
        return new AgentOptions
        {
            ServiceId = ServiceId,
            SiteId = SiteId,
            DataDirectory = DataDirectory,
            StateDirectory = StateDirectory,
            Listen = Listen,
            CertificateFile = CertificateFile,
            KeyFile = KeyFile,
            ClientCaFile = ClientCaFile,
            InsecureLoopback = InsecureLoopback,
            PostgresBin = PostgresBin,
            PostgresOptions = PostgresOptions.Select(o => o.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p[1], StringComparer.Ordinal),
            ServerLog = ServerLog,
            RunAs = RunAs,
            DbHost = DbHost,
            DbPort = DbPort is null ? null : int.Parse(DbPort, NumberStyles.None, CultureInfo.InvariantCulture),
            DbUser = DbUser,
            PasswordFile = PasswordFile,
            AppStopCommand = AppStopCommand,
            AppStopTimeout = appStopTimeout,
            AppStartCommand = AppStartCommand,
            AppStartTimeout = appStartTimeout,
        };
    }
}
