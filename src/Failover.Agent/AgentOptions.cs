using System.Globalization;

namespace Failover.Agent;

/// <summary>
/// What one site agent supervises and how it is reached: the member's data directory and PostgreSQL programs, the
/// agent's own state directory, the API's address and TLS, the local SQL connection and the site's application stop.
/// </summary>
public sealed class AgentOptions
{
    public const string DefaultPostgresBin = "/usr/lib/postgresql/15/bin";

    public string ServiceId { get; init; } = "";

    public string SiteId { get; init; } = "";

    public string DataDirectory { get; init; } = "";

    /// <summary>Holds the highest epoch seen, the fence marker, the fence journal and (by default) the server log.</summary>
    public string StateDirectory { get; init; } = "";

    /// <summary>HOST:PORT the API listens on (an IP address or <c>localhost</c>).</summary>
    public string Listen { get; init; } = "";

    public string? CertificateFile { get; init; }

    public string? KeyFile { get; init; }

    public string? ClientCaFile { get; init; }

    /// <summary>Plain HTTP, accepted only when <see cref="Listen"/> is a loopback address (the lab).</summary>
    public bool InsecureLoopback { get; init; }

    public string PostgresBin { get; init; } = DefaultPostgresBin;

    /// <summary>Server settings passed as <c>postgres -c NAME=VALUE</c>.</summary>
    public IReadOnlyDictionary<string, string> PostgresOptions { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string? ServerLog { get; init; }

    public string? RunAs { get; init; }

    public string DbHost { get; init; } = "127.0.0.1";

    /// <summary>The local server's port; null means the <c>port</c> server option, else 5432.</summary>
    public int? DbPort { get; init; }

    public string DbUser { get; init; } = "postgres";

    public string? PasswordFile { get; init; }

    /// <summary>Run through <c>/bin/sh -c</c> at every fence: stops the site's application.</summary>
    public string? AppStopCommand { get; init; }

    public TimeSpan AppStopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Run through <c>/bin/sh -c</c> when a primary lease of the epoch it was fenced under lifts a fence: starts the site's application again.</summary>
    public string? AppStartCommand { get; init; }

    public TimeSpan AppStartTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the lease is checked; with the kill delays it makes the fence bound.</summary>
    public TimeSpan FenceCheckInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Bound of a rebuild (pg_rewind or pg_basebackup, start, wait until streaming).</summary>
    public TimeSpan RebuildTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public bool UsesTls => CertificateFile is not null || KeyFile is not null || ClientCaFile is not null;

    public string ServerLogFile => ServerLog ?? Path.Combine(StateDirectory, "postgres.log");

    public int LocalPort => DbPort
        ?? (PostgresOptions.TryGetValue("port", out var port) && int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 5432);

    /// <summary>Every problem of these options, each naming its option and what was expected; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Require(errors, ServiceId, "--service ID");
        Require(errors, SiteId, "--site ID");
        Require(errors, DataDirectory, "--data-dir DIR");
        Require(errors, StateDirectory, "--state-dir DIR");
        if (DataDirectory.Length > 0 && !File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            errors.Add($"--data-dir: '{DataDirectory}' is not a PostgreSQL data directory (no PG_VERSION file)");
        }

        if (Listen.Length == 0)
        {
            errors.Add("--listen HOST:PORT is required");
        }
        else if (ListenEndpoint.TryParse(Listen) is not { } endpoint)
        {
            errors.Add($"--listen: expected HOST:PORT with an IP address or localhost and a port from 1 to 65535, found '{Listen}'");
        }
        else if (InsecureLoopback)
        {
            if (UsesTls)
            {
                errors.Add("--insecure-loopback: give either --cert, --key and --client-ca or --insecure-loopback, not both");
            }
            else if (!endpoint.IsLoopback)
            {
                errors.Add($"--insecure-loopback: plain HTTP is only allowed on a loopback address, --listen is '{Listen}'");
            }
        }
        else
        {
            RequireFile(errors, CertificateFile, "--cert FILE (PEM server certificate)");
            RequireFile(errors, KeyFile, "--key FILE (PEM private key)");
            RequireFile(errors, ClientCaFile, "--client-ca FILE (PEM CA of the control plane's client certificates)");
        }

        if (!File.Exists(Path.Combine(PostgresBin, "postgres")))
        {
            errors.Add($"--postgres-bin: no 'postgres' program in '{PostgresBin}' (install postgresql-15 or give the directory of its programs)");
        }

        if (IsRoot && RunAs is null)
        {
            errors.Add("--run-as USER is required when the agent runs as root: PostgreSQL refuses to run as root");
        }

        if (DbPort is < 1 or > 65535)
        {
            errors.Add($"--db-port: expected a port from 1 to 65535, found {DbPort}");
        }

        if (PasswordFile is not null && !File.Exists(PasswordFile))
        {
            errors.Add($"--password-file: '{PasswordFile}' does not exist");
        }

        if (AppStopTimeout <= TimeSpan.Zero)
        {
            errors.Add($"--app-stop-timeout: expected a positive duration such as 5s, found {AppStopTimeout}");
        }

        if (AppStartTimeout <= TimeSpan.Zero)
        {
            errors.Add($"--app-start-timeout: expected a positive duration such as 5s, found {AppStartTimeout}");
        }

        return errors;
    }

    internal static bool IsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    private static void Require(List<string> errors, string value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{option} is required");
        }
    }

    private static void RequireFile(List<string> errors, string? file, string option)
    {
        if (file is null)
        {
            errors.Add($"{option} is required (or --insecure-loopback on a loopback address)");
        }
        else if (!File.Exists(file))
        {
            errors.Add($"{option.Split(' ')[0]}: '{file}' does not exist");
        }
    }
}
