using System.Globalization;
using System.Security.Cryptography;
using Failover.Lab.DemoApp;
using Failover.Lab.Network;
using Failover.Lab.Processes;
using Failover.Postgres;
using Failover.Postgres.Programs;
using Npgsql;

namespace Failover.Lab;

/// <summary>
/// The lab's PostgreSQL servers: one per site, each on its site's listen address (inside the site's network namespace
/// when the lab has them: its programs then run through <c>ip netns exec</c>, so replication crosses the bridge). The first site's server is the
/// primary; the others are streaming standbys (pg_basebackup, one physical slot each), and the primary commits
/// synchronously to ANY 1 of them, so losing the primary loses no acknowledged write.
/// </summary>
public sealed class LabPostgres(LabLayout layout, PostgresPrograms programs)
{
    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromSeconds(90);

    private static readonly string[] Settings =
    [
        "shared_buffers = 32MB",
        "max_connections = 60",
        "wal_level = replica",
        "wal_log_hints = on",

        // pg_rewind reads the old primary's WAL back to the last checkpoint before the divergence: keep enough of it
        // that reprotect can rewind instead of copying the whole database.
        "wal_keep_size = 256MB",
        "max_wal_senders = 10",
        "max_replication_slots = 10",
        "wal_receiver_status_interval = 1s",

        // A standby whose primary restarted (an agent unfencing it) or moved reconnects within a second, not five.
        "wal_retrieve_retry_interval = 1s",
        "hot_standby = on",
        "dynamic_shared_memory_type = mmap",
        "log_min_messages = warning",
        "log_line_prefix = '%m [%p] '",
    ];

    private readonly LabNetwork _network = layout.Network;

    /// <summary>The server programs as they run for the site: inside its namespace, if it has one.</summary>
    public static PostgresPrograms ProgramsAt(LabNetwork network, PostgresPrograms programs, LabSite site) =>
        network.ExecAt(site) is { Count: > 0 } exec ? programs.LaunchedBy(exec) : programs;

    /// <summary>Creates the three servers from nothing and leaves them running and streaming.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await programs.CreateOwnedDirectoryAsync(layout.PostgresRoot, cancellationToken);
        foreach (var site in LabLayout.Sites)
        {
            await programs.CreateOwnedDirectoryAsync(layout.SocketDirectory(site), cancellationToken);
        }

        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        Directory.CreateDirectory(layout.SecretsDirectory);
        await File.WriteAllTextAsync(layout.SuperuserPasswordFile, password, cancellationToken);

        var primary = LabLayout.Primary;
        var pwfile = Path.Combine(layout.PostgresRoot, "initdb.pw");
        await File.WriteAllTextAsync(pwfile, password, cancellationToken);
        var init = await programs.RunAsync(
            "initdb",
            ["-D", layout.DataDirectory(primary), "-U", "postgres", "--pwfile", pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
            ProgramTimeout, cancellationToken);
        File.Delete(pwfile);
        Require(init, "initdb");
        await File.AppendAllLinesAsync(Path.Combine(layout.DataDirectory(primary), "postgresql.conf"), Settings, cancellationToken);
        await File.WriteAllLinesAsync(
            Path.Combine(layout.DataDirectory(primary), "pg_hba.conf"),
            [
                "local all all trust",
                "local replication all trust",
                "# The lab's sites talk over loopback or the lab's bridge: replication between them is trusted, everything else uses a password.",
                .. _network.SiteNetworks.Select(n => $"host replication all {n} trust"),
                .. _network.SiteNetworks.Select(n => $"host all all {n} scram-sha-256"),
            ],
            cancellationToken);
        await StartAsync(primary, cancellationToken);
        await ExecuteAsync(primary, password, "postgres", $"CREATE DATABASE {LabLayout.Database}", cancellationToken);
        await ExecuteAsync(primary, password, LabLayout.Database, DemoApplication.SchemaSql, cancellationToken);

        foreach (var standby in LabLayout.Sites.Skip(1))
        {
            var backup = await ProgramsAt(_network, programs, standby).RunAsync(
                "pg_basebackup",
                ["-D", layout.DataDirectory(standby), "-h", _network.ListenAddress(primary).ToString(), "-p", LabLayout.PostgresPort.ToString(CultureInfo.InvariantCulture),
                 "-U", "postgres", "-R", "-C", "-S", standby.InstanceName, "-X", "stream", "-c", "fast"],
                ProgramTimeout, cancellationToken);
            Require(backup, $"pg_basebackup of {standby.Id}");
            await StartAsync(standby, cancellationToken);
        }

        // Set after the copies, so the standbys do not inherit it: once promoted, a standby commits locally until the
        // control plane has made the others follow it.
        var names = string.Join(", ", LabLayout.Sites.Skip(1).Select(s => s.InstanceName));
        await ExecuteAsync(primary, password, "postgres", $"ALTER SYSTEM SET synchronous_standby_names = 'ANY 1 ({names})'", cancellationToken);
        await ExecuteAsync(primary, password, "postgres", "SELECT pg_reload_conf()", cancellationToken);
    }

    /// <param name="readOnly">Start fenced: every transaction read-only until the control plane rebuilds or unfences it.</param>
    public async Task StartAsync(LabSite site, CancellationToken cancellationToken, bool readOnly = false)
    {
        if (Pid(site) is not null)
        {
            return;
        }

        var stale = Path.Combine(layout.DataDirectory(site), "postmaster.pid");
        if (File.Exists(stale))
        {
            // Left by a killed server: PostgreSQL would refuse to start while it exists.
            File.Delete(stale);
        }

        // So is the socket's lock file while the killed postmaster is a zombie not yet reaped (PostgreSQL counts a zombie
        // as alive); a zombie holds no socket, so the lock is stale.
        var socketLock = Path.Combine(layout.SocketDirectory(site), string.Create(CultureInfo.InvariantCulture, $".s.PGSQL.{LabLayout.PostgresPort}.lock"));
        if (File.Exists(socketLock)
            && int.TryParse(File.ReadLines(socketLock).FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var holder)
            && !ProcessTree.IsAlive(holder))
        {
            File.Delete(socketLock);
        }

        var start = await ProgramsAt(_network, programs, site).RunAsync(
            "pg_ctl",
            ["start", "-w", "-t", "60", "-D", layout.DataDirectory(site), "-l", layout.PostgresLog(site),
             "-o", layout.ServerOptions(site) + (readOnly ? " -c default_transaction_read_only=on" : "")],
            ProgramTimeout, cancellationToken);
        Require(start, $"pg_ctl start of {site.Id}");
    }

    /// <summary>Stops every server cleanly once provisioned: from then on each site's agent runs its server.</summary>
    public async Task StopAllAsync(CancellationToken cancellationToken)
    {
        foreach (var site in LabLayout.Sites.Where(s => Pid(s) is not null))
        {
            var stop = await ProgramsAt(_network, programs, site).RunAsync(
                "pg_ctl", ["stop", "-w", "-t", "60", "-m", "fast", "-D", layout.DataDirectory(site)], ProgramTimeout, cancellationToken);
            Require(stop, $"pg_ctl stop of {site.Id}");
        }
    }

    /// <summary>Waits (bounded) until the site's server accepts a connection, as its agent starts it.</summary>
    public async Task WaitUntilAcceptingAsync(LabSite site, TimeSpan within, CancellationToken cancellationToken)
    {
        var password = (await File.ReadAllTextAsync(layout.SuperuserPasswordFile, cancellationToken)).Trim();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = "no attempt yet";
        while (clock.Elapsed < within)
        {
            try
            {
                await ExecuteAsync(site, password, "postgres", "SELECT 1", cancellationToken);
                return;
            }
            catch (NpgsqlException e)
            {
                last = e.Message;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"the server of {site.Id} did not accept connections within {within.TotalSeconds:0} s (last: {last}); see {layout.PostgresLog(site)}"));
    }

    /// <summary>The postmaster's pid, or null when no server runs on the site's data directory.</summary>
    public int? Pid(LabSite site)
    {
        var file = Path.Combine(layout.DataDirectory(site), "postmaster.pid");
        try
        {
            var first = File.Exists(file) ? File.ReadLines(file).FirstOrDefault() : null;
            return int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && ProcessTree.IsAlive(pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary><c>kill -9</c> of the site's server and its children, as a fire would.</summary>
    public async Task<bool> KillAsync(LabSite site, CancellationToken cancellationToken)
    {
        if (Pid(site) is not { } pid)
        {
            return false;
        }

        await ProcessTree.KillAsync(pid, TimeSpan.FromSeconds(10), cancellationToken);
        return true;
    }

    private async Task ExecuteAsync(LabSite site, string password, string database, string sql, CancellationToken cancellationToken)
    {
        var connectionString = MemberConnectionString.To(_network.ListenAddress(site).ToString(), LabLayout.PostgresPort, database, "postgres", password);
        await using var connection = new NpgsqlConnection(connectionString.Value);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Require(ProgramResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{what} failed: {result.Summary}");
        }
    }
}
