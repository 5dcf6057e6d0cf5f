using System.Diagnostics;
using System.Globalization;
using Failover.Core.Topology;
using Failover.Postgres.Programs;
using Npgsql;

namespace Failover.Testing;

/// <summary>
/// One PostgreSQL server started by a test: its own data directory under the cluster's temporary root, a free loopback
/// port, and the settings that differ per instance given on the command line (so copies made by pg_basebackup or
/// pg_rewind never inherit another instance's port). Owned by a <see cref="PostgresCluster"/>, which disposes it.
/// </summary>
public sealed class PostgresInstance
{
    private readonly PostgresCluster _cluster;

    internal PostgresInstance(PostgresCluster cluster, string name, int port)
    {
        _cluster = cluster;
        Name = name;
        Port = port;
        DataDirectory = Path.Combine(cluster.RootDirectory, name);
        LogFile = Path.Combine(cluster.RootDirectory, name + ".log");
    }

    public string Name { get; }

    public int Port { get; }

    public string DataDirectory { get; }

    public string LogFile { get; }

    public HostEndpoint Endpoint => new("127.0.0.1", Port);

    /// <summary>The server options given to <c>pg_ctl -o</c> every time this instance starts.</summary>
    public string ServerOptions => string.Create(
        CultureInfo.InvariantCulture,
        $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_cluster.RootDirectory} -c cluster_name={Name}");

    /// <summary>The postmaster's process id from <c>postmaster.pid</c>, or null when no server runs on this directory.</summary>
    public int? Pid
    {
        get
        {
            var file = Path.Combine(DataDirectory, "postmaster.pid");
            if (!File.Exists(file))
            {
                return null;
            }

            var first = File.ReadLines(file).FirstOrDefault();
            return int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && IsAlive(pid) ? pid : null;
        }
    }

    public bool IsRunning => Pid is not null;

    /// <summary>A superuser connection string (password authentication over TCP), unpooled.</summary>
    public string ConnectionString(string? database = null) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database ?? _cluster.Database,
        Username = "postgres",
        Password = _cluster.SuperuserPassword,
        Pooling = false,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>A connection string of the application role, as the ENT application would connect.</summary>
    public string ApplicationConnectionString() => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = _cluster.Database,
        Username = _cluster.ApplicationUser,
        Password = _cluster.ApplicationPassword,
        Pooling = false,
        Timeout = 5,
    }.ConnectionString;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var result = await _cluster.Programs.RunAsync(
            "pg_ctl", ["start", "-w", "-t", "60", "-D", DataDirectory, "-l", LogFile, "-o", ServerOptions], TimeSpan.FromSeconds(70), cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"pg_ctl start of {Name} failed: {result.Summary}\n{TailOfLog()}");
        }
    }

    /// <summary>Stops the server with pg_ctl (mode fast, smart or immediate) and waits for it to exit.</summary>
    public async Task StopAsync(string mode = "fast", CancellationToken cancellationToken = default)
    {
        var result = await _cluster.Programs.RunAsync(
            "pg_ctl", ["stop", "-w", "-t", "60", "-m", mode, "-D", DataDirectory], TimeSpan.FromSeconds(70), cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"pg_ctl stop of {Name} failed: {result.Summary}");
        }
    }

    /// <summary>
    /// <c>kill -9</c> of the postmaster, then of its children, as a host crash would: nothing is flushed or shut down.
    /// Waits until every one of those processes is gone. No-op when the server is not running.
    /// </summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        if (Pid is not { } pid)
        {
            return;
        }

        var children = ChildrenOf(pid);
        Kill(pid);
        foreach (var child in children)
        {
            Kill(child);
        }

        var deadline = Stopwatch.StartNew();
        while ((IsAlive(pid) || children.Any(IsAlive)) && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10, cancellationToken);
        }

        await PostgresCluster.RemoveSharedMemoryAsync(DataDirectory);

        // Like a rebooted host: no live process holds the lock file any more (a zombie would fool pg_ctl and postgres).
        File.Delete(Path.Combine(DataDirectory, "postmaster.pid"));
        var socket = Path.Combine(_cluster.RootDirectory, string.Create(CultureInfo.InvariantCulture, $".s.PGSQL.{Port}"));
        File.Delete(socket);
        File.Delete(socket + ".lock");
    }

    public async Task ExecuteAsync(string sql, string? database = null, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<T> ScalarAsync<T>(string sql, string? database = null, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return (T)value!;
    }

    /// <summary>Stops this standby's WAL receiver (primary_conninfo emptied and reloaded); returns the old value for <see cref="ResumeWalReceiverAsync"/>.</summary>
    public async Task<string> StopWalReceiverAsync(CancellationToken cancellationToken = default)
    {
        var conninfo = await ScalarAsync<string>("SHOW primary_conninfo", cancellationToken: cancellationToken);
        await ExecuteAsync("ALTER SYSTEM SET primary_conninfo = ''", cancellationToken: cancellationToken);
        await ExecuteAsync("SELECT pg_reload_conf()", cancellationToken: cancellationToken);
        await WaitUntilAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM pg_stat_wal_receiver", cancellationToken: cancellationToken) == 0,
            TimeSpan.FromSeconds(10), "the WAL receiver to stop", cancellationToken);
        return conninfo;
    }

    public async Task ResumeWalReceiverAsync(string conninfo, CancellationToken cancellationToken = default)
    {
        await ExecuteAsync($"ALTER SYSTEM SET primary_conninfo = '{conninfo.Replace("'", "''", StringComparison.Ordinal)}'", cancellationToken: cancellationToken);
        await ExecuteAsync("SELECT pg_reload_conf()", cancellationToken: cancellationToken);
    }

    /// <summary>Polls <paramref name="condition"/> until true; throws naming <paramref name="what"/> at the deadline.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan within, string what, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > within)
            {
                throw new TimeoutException($"timed out after {within} waiting for {what}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public string TailOfLog(int lines = 20) =>
        File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines)) : "(no log)";

    public override string ToString() => $"{Name} (127.0.0.1:{Port})";

    internal static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static List<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.Integer, CultureInfo.InvariantCulture, out var candidate))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == pid)
                {
                    children.Add(candidate);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return children;
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }
}
