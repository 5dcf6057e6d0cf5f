using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Postgres.Programs;

namespace Failover.Testing;

/// <summary>
/// A real PostgreSQL cluster for tests: a primary and N streaming standbys (pg_basebackup -R with a physical replication
/// slot each) on free loopback ports, in one temporary directory. Superuser access is by password over TCP (a random
/// password, also written to a secret file for <see cref="Member"/>); replication connections are trusted on loopback.
/// An application role owns the service database. Dispose kills every server it started by PID and deletes the directory,
/// also when a test failed. Reused by other test projects (probes, lab, end-to-end): everything here is public.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly string[] Settings =
    [
        "fsync = off", // test data is disposable: no fsync makes start and checkpoints fast
        "shared_buffers = 16MB",
        "max_connections = 50",
        "wal_log_hints = on", // pg_rewind needs it
        "max_wal_senders = 10",
        "max_replication_slots = 10",
        "wal_receiver_status_interval = 1s",
        "hot_standby_feedback = off",
        "checkpoint_timeout = 30min",
        "dynamic_shared_memory_type = mmap", // lives in the data directory, so a killed server leaks nothing in /dev/shm
        "log_min_messages = warning",
        "log_line_prefix = '%m [%p] '",
    ];

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static PostgresCluster? _template;

    private readonly List<PostgresInstance> _instances = [];

    private PostgresCluster(
        PostgresPrograms programs, string root, PostgresCluster? template = null, string? superuserPassword = null, string? applicationPassword = null)
    {
        Programs = programs;
        RootDirectory = root;
        SuperuserPassword = template?.SuperuserPassword ?? superuserPassword ?? RandomPassword();
        ApplicationPassword = template?.ApplicationPassword ?? applicationPassword ?? RandomPassword();
        SuperuserSecretFile = Path.Combine(root, "superuser.secret");
    }

    public PostgresPrograms Programs { get; }

    public string RootDirectory { get; }

    public string Database { get; } = "ent";

    public string ApplicationUser { get; } = "ent_app";

    public string SuperuserPassword { get; }

    public string ApplicationPassword { get; }

    public string SuperuserSecretFile { get; }

    /// <summary>The reference the adapter resolves for the superuser password (a file secret).</summary>
    public SecretReference SuperuserSecret => new(SecretSource.File, SuperuserSecretFile);

    /// <summary>The instance started as primary (after a promotion it may no longer be one).</summary>
    public PostgresInstance Primary => _instances[0];

    public IReadOnlyList<PostgresInstance> Standbys => _instances.Skip(1).ToList();

    public IReadOnlyList<PostgresInstance> Instances => _instances;

    /// <summary>Starts a primary and <paramref name="standbys"/> streaming standbys (from the shared template), and waits until all stream.</summary>
    public static Task<PostgresCluster> StartAsync(int standbys = 1, CancellationToken cancellationToken = default) =>
        StartAsync(standbys, uniqueSystemIdentifier: false, cancellationToken);

    /// <summary>Starts a primary and <paramref name="standbys"/> streaming standbys, and waits until all stream.</summary>
    /// <param name="standbys">How many streaming standbys to clone from the primary.</param>
    /// <param name="uniqueSystemIdentifier">
    /// False (default, fast): the primary is a copy of a data directory initialised once per test process, so clusters of
    /// one process share a system identifier and passwords. True: a fresh initdb, for tests that need two distinct clusters.
    /// </param>
    /// <param name="cancellationToken">Cancels the start; what was started is still cleaned up.</param>
    public static async Task<PostgresCluster> StartAsync(int standbys, bool uniqueSystemIdentifier, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(standbys);
        var programs = PostgresPrograms.Locate();
        var template = uniqueSystemIdentifier ? null : await TemplateAsync(programs, cancellationToken);
        var cluster = new PostgresCluster(programs, NewRoot(), template);
        try
        {
            await programs.CreateOwnedDirectoryAsync(cluster.RootDirectory, cancellationToken);
            await File.WriteAllTextAsync(cluster.SuperuserSecretFile, cluster.SuperuserPassword, cancellationToken);
            var primary = template is null ? await cluster.InitPrimaryAsync(cancellationToken) : await cluster.CopyPrimaryAsync(template, cancellationToken);
            for (var i = 1; i <= standbys; i++)
            {
                await cluster.AddStandbyAsync(primary, $"standby{i}", cancellationToken);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The adapter's view of an instance: the service database, as the superuser, password from the secret file.</summary>
    public DatabaseMember Member(PostgresInstance instance, string serviceId = "ent-test") =>
        new(serviceId, instance.Name, instance.Endpoint, Database, "postgres", SuperuserSecret);

    /// <summary>Clones <paramref name="source"/> with pg_basebackup -R into a new standby using slot <paramref name="name"/>, starts it, waits until it streams.</summary>
    public async Task<PostgresInstance> AddStandbyAsync(PostgresInstance source, string name, CancellationToken cancellationToken = default)
    {
        var standby = new PostgresInstance(this, name, FreePort.Tcp());
        _instances.Add(standby);
        var backup = await Programs.RunAsync(
            "pg_basebackup",
            ["-D", standby.DataDirectory, "-h", "127.0.0.1", "-p", source.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
             "-R", "-C", "-S", name, "-X", "stream", "-c", "fast", "--no-sync"],
            TimeSpan.FromSeconds(60),
            cancellationToken);
        if (!backup.Succeeded)
        {
            throw new InvalidOperationException($"pg_basebackup of {name} from {source.Name} failed: {backup.Summary}");
        }

        await standby.StartAsync(cancellationToken);
        await WaitForStreamingAsync(source, name, cancellationToken);
        return standby;
    }

    /// <summary>Waits until <paramref name="primary"/> has a streaming replica named <paramref name="applicationName"/>.</summary>
    public static Task WaitForStreamingAsync(PostgresInstance primary, string applicationName, CancellationToken cancellationToken = default) =>
        PostgresInstance.WaitUntilAsync(
            async () => await primary.ScalarAsync<long>(
                $"SELECT count(*) FROM pg_stat_replication WHERE application_name = '{applicationName}' AND state = 'streaming'",
                "postgres", cancellationToken) == 1,
            TimeSpan.FromSeconds(30),
            $"{applicationName} to stream from {primary.Name}",
            cancellationToken);

    /// <summary>Waits until <paramref name="standby"/> has replayed everything <paramref name="primary"/> has written so far.</summary>
    public static async Task WaitForReplayAsync(PostgresInstance primary, PostgresInstance standby, CancellationToken cancellationToken = default)
    {
        var target = await primary.ScalarAsync<string>("SELECT pg_current_wal_lsn()::text", "postgres", cancellationToken);
        await PostgresInstance.WaitUntilAsync(
            async () => await standby.ScalarAsync<bool>($"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn", "postgres", cancellationToken),
            TimeSpan.FromSeconds(30),
            $"{standby.Name} to replay {target}",
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            try
            {
                await instance.KillAsync();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException)
            {
                // Best effort: keep disposing the others.
            }
        }

        try
        {
            if (Directory.Exists(RootDirectory))
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A straggling process may still write a log line; the directory is under the temp dir anyway.
        }
    }

    /// <summary>Removes the System V segment a killed postmaster leaves behind (its id is on line 7 of postmaster.pid).</summary>
    internal static async Task RemoveSharedMemoryAsync(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "postmaster.pid");
        var line = File.Exists(file) ? File.ReadLines(file).Skip(6).FirstOrDefault() : null;
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is { Length: 2 })
        {
            using var ipcrm = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ipcrm", ["-m", parts[1]])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            });
            if (ipcrm is not null)
            {
                await ipcrm.WaitForExitAsync();
            }
        }
    }

    private static string NewRoot() => Path.Combine(Path.GetTempPath(), "failover-pg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));

    /// <summary>
    /// A primary initialised once (initdb, roles, database) and stopped cleanly, cached in the temp directory under a
    /// name that changes with the settings, and reused by every later cluster and test run (written to a scratch name,
    /// then renamed, so concurrent test processes never see half a template).
    /// </summary>
    private static async Task<PostgresCluster> TemplateAsync(PostgresPrograms programs, CancellationToken cancellationToken)
    {
        await TemplateLock.WaitAsync(cancellationToken);
        try
        {
            if (_template is not null)
            {
                return _template;
            }

            var key = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
                string.Join('\n', Settings.Append(programs.BinDirectory).Append("template-v1")))))[..12];
            var cached = Path.Combine(Path.GetTempPath(), "failover-pg-template-" + key);
            if (!File.Exists(Path.Combine(cached, "ready")))
            {
                var seed = new PostgresCluster(programs, NewRoot());
                try
                {
                    await programs.CreateOwnedDirectoryAsync(seed.RootDirectory, cancellationToken);
                    await seed.InitPrimaryAsync(cancellationToken);
                    await seed.Primary.StopAsync(cancellationToken: cancellationToken);
                    await File.WriteAllLinesAsync(Path.Combine(seed.RootDirectory, "passwords"), [seed.SuperuserPassword, seed.ApplicationPassword], cancellationToken);
                    await File.WriteAllTextAsync(Path.Combine(seed.RootDirectory, "ready"), "", cancellationToken);
                    Directory.Move(seed.RootDirectory, cached);
                }
                catch (IOException) when (File.Exists(Path.Combine(cached, "ready")))
                {
                    // Another test process built the same template first.
                    await seed.DisposeAsync();
                }
                catch
                {
                    await seed.DisposeAsync();
                    throw;
                }
            }

            var passwords = await File.ReadAllLinesAsync(Path.Combine(cached, "passwords"), cancellationToken);
            var template = new PostgresCluster(programs, cached, superuserPassword: passwords[0], applicationPassword: passwords[1]);
            template._instances.Add(new PostgresInstance(template, "primary", 0));
            _template = template;
            return template;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private async Task<PostgresInstance> CopyPrimaryAsync(PostgresCluster template, CancellationToken cancellationToken)
    {
        var primary = new PostgresInstance(this, "primary", FreePort.Tcp());
        _instances.Add(primary);
        using (var copy = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cp", ["-a", template.Primary.DataDirectory, primary.DataDirectory])
        {
            RedirectStandardError = true,
        }))
        {
            var error = await copy!.StandardError.ReadToEndAsync(cancellationToken);
            await copy.WaitForExitAsync(cancellationToken);
            if (copy.ExitCode != 0)
            {
                throw new InvalidOperationException($"copying the template data directory failed: {error}");
            }
        }

        await primary.StartAsync(cancellationToken);
        return primary;
    }

    private async Task<PostgresInstance> InitPrimaryAsync(CancellationToken cancellationToken)
    {
        var primary = new PostgresInstance(this, "primary", FreePort.Tcp());
        _instances.Add(primary);
        var pwfile = Path.Combine(RootDirectory, "initdb.pw");
        await File.WriteAllTextAsync(pwfile, SuperuserPassword, cancellationToken);
        var init = await Programs.RunAsync(
            "initdb",
            ["-D", primary.DataDirectory, "-U", "postgres", "--pwfile", pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "-N"],
            TimeSpan.FromSeconds(60),
            cancellationToken);
        File.Delete(pwfile);
        if (!init.Succeeded)
        {
            throw new InvalidOperationException($"initdb failed: {init.Summary}");
        }

        await File.AppendAllLinesAsync(Path.Combine(primary.DataDirectory, "postgresql.conf"), Settings, cancellationToken);
        await File.WriteAllLinesAsync(
            Path.Combine(primary.DataDirectory, "pg_hba.conf"),
            [
                "local all all trust",
                "local replication all trust",
                "host replication all 127.0.0.1/32 trust",
                "host all all 127.0.0.1/32 scram-sha-256",
            ],
            cancellationToken);
        await primary.StartAsync(cancellationToken);
        var password = ApplicationPassword.Replace("'", "''", StringComparison.Ordinal);
        await primary.ExecuteAsync($"CREATE ROLE {ApplicationUser} LOGIN PASSWORD '{password}'", "postgres", cancellationToken);
        await primary.ExecuteAsync($"CREATE DATABASE {Database} OWNER {ApplicationUser} STRATEGY FILE_COPY", "postgres", cancellationToken);
        return primary;
    }


    private static string RandomPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
