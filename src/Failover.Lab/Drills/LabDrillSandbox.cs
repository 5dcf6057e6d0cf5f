using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Failover.Core.Secrets;
using Failover.Drills;
using Failover.Drills.Sandbox;
using Failover.Lab.DemoApp;
using Failover.Lab.Processes;
using Failover.Postgres;
using Failover.Postgres.Programs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Failover.Lab.Drills;

/// <summary>
/// The lab's isolated-drill sandbox: local processes and real PostgreSQL. The copy is a <c>pg_basebackup</c> of the standby
/// (no slot, no replication link kept) under <c>{root}/{drill id}</c>, started on its own free loopback port with every
/// link to production cut (no primary_conninfo, no archiving, no synchronous standbys), promoted, and served by a demo
/// application on another free port that no router knows. Everything is found again from the drill directory (the
/// postmaster's pid file), so the cleanup works after a control-plane restart; the application runs in this process and
/// dies with it.
/// </summary>
public sealed partial class LabDrillSandbox : IDrillSandbox, IAsyncDisposable
{
    private const string CopiedMarker = "copied";

    /// <summary>rwxr-xr-x: the server programs run as postgres and must reach the drill directories under the root.</summary>
    private const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private readonly ConcurrentDictionary<string, DrillApp> _apps = new(StringComparer.Ordinal);
    private readonly string _root;
    private readonly PostgresPrograms _programs;
    private readonly ISecretResolver _secrets;
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    public LabDrillSandbox(string root, PostgresPrograms programs, ISecretResolver secrets, HttpClient http, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
        _programs = programs ?? throw new ArgumentNullException(nameof(programs));
        _secrets = secrets ?? throw new ArgumentNullException(nameof(secrets));
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The directory of one drill's copy (its data directory, log and markers).</summary>
    public string DrillDirectory(string drillId) => Path.Combine(_root, Sanitize(drillId));

    public string DataDirectory(string drillId) => Path.Combine(DrillDirectory(drillId), "data");

    /// <summary>The copy's postmaster pid, or null when no server runs on the drill's data directory.</summary>
    public int? PostgresPid(string drillId)
    {
        var file = Path.Combine(DataDirectory(drillId), "postmaster.pid");
        try
        {
            return File.Exists(file)
                && int.TryParse(File.ReadLines(file).FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
                && ProcessTree.IsAlive(pid) && RunsIn(pid, DataDirectory(drillId)) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The postmaster runs in its data directory. A pid file left by a server that is gone (a reboot, a crash) may name
    /// a process that reused the pid — perhaps a real member: never signal a process that does not run in the copy.
    /// </summary>
    private static bool RunsIn(int pid, string directory)
    {
        if (!Directory.Exists("/proc/self"))
        {
            return true;
        }

        try
        {
            var cwd = new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            return cwd is not null && Path.TrimEndingDirectorySeparator(cwd) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The port the copy listens on, once the promote step chose it.</summary>
    public int? CopyPort(string drillId) => ReadNumber(drillId, "port");

    public Uri? ApplicationUrl(string drillId) => _apps.TryGetValue(drillId, out var app) ? app.Url : null;

    public async Task<SandboxOutcome> CopyStandbyAsync(DrillScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var dir = DrillDirectory(scope.DrillId);
        if (File.Exists(Path.Combine(dir, CopiedMarker)))
        {
            return SandboxOutcome.Already($"{scope.Standby} already copied to {dir}");
        }

        if (Directory.Exists(dir))
        {
            // A copy interrupted by a crash: start over.
            await StopPostgresAsync(scope.DrillId, cancellationToken);
            Directory.Delete(dir, recursive: true);
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_root);
        }
        else
        {
            Directory.CreateDirectory(_root, Traversable);
        }

        await _programs.CreateOwnedDirectoryAsync(dir, cancellationToken);
        var clock = Stopwatch.StartNew();
        var endpoint = scope.Standby.Endpoint;
        // No -R, no slot: the copy keeps no link to production.
        var backup = await _programs.RunAsync(
            "pg_basebackup",
            ["-D", DataDirectory(scope.DrillId), "-h", endpoint.Host, "-p", endpoint.Port.ToString(CultureInfo.InvariantCulture), "-U", scope.Standby.User,
             "-X", "stream", "-c", "fast", "--no-sync"],
            scope.Timeout, cancellationToken, Password(scope));
        if (!backup.Succeeded)
        {
            return SandboxOutcome.Failed($"pg_basebackup from {scope.Standby} failed: {backup.Summary}");
        }

        await File.WriteAllTextAsync(Path.Combine(dir, CopiedMarker), scope.Standby.ToString(), cancellationToken);
        Log.Copied(_logger, scope.DrillId, scope.Standby.SiteId, dir, clock.ElapsedMilliseconds);
        return SandboxOutcome.Done(string.Create(CultureInfo.InvariantCulture, $"copied {scope.Standby} to {dir} in {clock.Elapsed.TotalSeconds:0.##} s"));
    }

    public async Task<SandboxOutcome> PromoteCopyAsync(DrillScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var data = DataDirectory(scope.DrillId);
        if (!File.Exists(Path.Combine(DrillDirectory(scope.DrillId), CopiedMarker)))
        {
            return SandboxOutcome.Failed($"no copy in {DrillDirectory(scope.DrillId)}: the copy step did not complete");
        }

        if (PostgresPid(scope.DrillId) is null)
        {
            var port = CopyPort(scope.DrillId) ?? FreePort();
            await File.WriteAllTextAsync(Path.Combine(DrillDirectory(scope.DrillId), "port"), port.ToString(CultureInfo.InvariantCulture), cancellationToken);
            await IsolateAsync(scope.DrillId, port, cancellationToken);
            var start = await _programs.RunAsync(
                "pg_ctl",
                ["start", "-w", "-t", "60", "-D", data, "-l", Path.Combine(DrillDirectory(scope.DrillId), "postgres.log"),
                 "-o", string.Create(CultureInfo.InvariantCulture, $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={DrillDirectory(scope.DrillId)} -c cluster_name=drill")],
                scope.Timeout, cancellationToken);
            if (!start.Succeeded)
            {
                return SandboxOutcome.Failed($"the copy did not start on port {port}: {start.Summary}; {LogTail(scope.DrillId)}");
            }
        }

        var copyPort = CopyPort(scope.DrillId)!.Value;
        await using var source = DataSource(scope, copyPort);
        var inRecovery = await ScalarAsync<bool>(source, "SELECT pg_is_in_recovery()", cancellationToken);
        var clock = Stopwatch.StartNew();
        if (inRecovery)
        {
            var promote = await _programs.RunAsync("pg_ctl", ["promote", "-w", "-t", "60", "-D", data], scope.Timeout, cancellationToken);
            if (!promote.Succeeded)
            {
                return SandboxOutcome.Failed($"pg_ctl promote of the copy failed: {promote.Summary}");
            }
        }

        await ExecuteAsync(source, "CREATE TABLE IF NOT EXISTS failover_drill_probe (drill text PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())", cancellationToken);
        await ExecuteAsync(source, $"INSERT INTO failover_drill_probe (drill) VALUES ('{Sanitize(scope.DrillId)}') ON CONFLICT (drill) DO UPDATE SET at = now()", cancellationToken);
        var facts = new Dictionary<string, string>(StringComparer.Ordinal) { ["port"] = DrillFacts.Of(copyPort) };
        return inRecovery
            ? SandboxOutcome.Done(string.Create(CultureInfo.InvariantCulture, $"copy promoted on 127.0.0.1:{copyPort} in {clock.Elapsed.TotalSeconds:0.##} s; a write committed"), facts)
            : new SandboxOutcome(true, true, $"copy already promoted on 127.0.0.1:{copyPort}; a write committed", facts);
    }

    public async Task<SandboxOutcome> StartApplicationAsync(DrillScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (_apps.TryGetValue(scope.DrillId, out var running))
        {
            return SandboxOutcome.Already($"the drill's application already serves at {running.Url}");
        }

        if (CopyPort(scope.DrillId) is not { } copyPort || PostgresPid(scope.DrillId) is null)
        {
            return SandboxOutcome.Failed("the copy does not run: the promote step did not complete");
        }

        var appPort = FreePort();
        var url = new Uri($"http://127.0.0.1:{appPort.ToString(CultureInfo.InvariantCulture)}/");
        var app = DemoApplication.Build(new DemoAppOptions(
            $"drill:{scope.Standby.SiteId}", url.ToString().TrimEnd('/'), Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            scope.Standby.Database, scope.Standby.User, _secrets.Resolve(scope.Standby.Password)));
        await app.StartAsync(cancellationToken);
        await app.Services.GetRequiredService<DemoAppState>().ActivateAsync(new DemoAppTarget("127.0.0.1", copyPort, 0));
        _apps[scope.DrillId] = new DrillApp(app, url);
        return SandboxOutcome.Done($"the drill's application serves at {url} against the copy (no router knows it)", new Dictionary<string, string> { ["appPort"] = DrillFacts.Of(appPort) });
    }

    public async Task<SandboxOutcome> SmokeAsync(DrillScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!_apps.TryGetValue(scope.DrillId, out var app))
        {
            return SandboxOutcome.Failed("the drill's application does not run (the control plane restarted since it started?)");
        }

        var clock = Stopwatch.StartNew();
        using var health = await _http.GetAsync(new Uri(app.Url, "healthz"), cancellationToken);
        var healthBody = await health.Content.ReadAsStringAsync(cancellationToken);
        if (health.StatusCode != HttpStatusCode.OK || !healthBody.Contains("active", StringComparison.Ordinal))
        {
            return SandboxOutcome.Failed($"GET /healthz answered {(int)health.StatusCode}: {healthBody}");
        }

        using var write = await _http.PostAsJsonAsync(new Uri(app.Url, "api/homework"), new { title = $"drill {scope.DrillId}" }, cancellationToken);
        if (write.StatusCode != HttpStatusCode.Created)
        {
            return SandboxOutcome.Failed($"POST /api/homework answered {(int)write.StatusCode}: {await write.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var created = await write.Content.ReadFromJsonAsync<Created>(cancellationToken);
        using var read = await _http.GetAsync(new Uri(app.Url, $"api/homework/{created!.Id.ToString(CultureInfo.InvariantCulture)}"), cancellationToken);
        return read.StatusCode == HttpStatusCode.OK
            ? SandboxOutcome.Done(string.Create(CultureInfo.InvariantCulture, $"health, write (homework {created.Id}) and read through {app.Url} in {clock.Elapsed.TotalMilliseconds:0} ms"))
            : SandboxOutcome.Failed($"GET /api/homework/{created.Id} answered {(int)read.StatusCode}");
    }

    public async Task<SandboxOutcome> CleanupAsync(DrillScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var removed = new List<string>();
        if (_apps.TryRemove(scope.DrillId, out var app))
        {
            await app.App.DisposeAsync();
            removed.Add($"application {app.Url}");
        }

        if (await StopPostgresAsync(scope.DrillId, cancellationToken) is { } pid)
        {
            removed.Add($"postgres pid {pid.ToString(CultureInfo.InvariantCulture)}");
        }

        var dir = DrillDirectory(scope.DrillId);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
            removed.Add(dir);
        }

        Log.CleanedUp(_logger, scope.DrillId, removed.Count);
        return removed.Count == 0 ? SandboxOutcome.Already("nothing left to remove") : SandboxOutcome.Done($"removed {string.Join(", ", removed)}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _apps.Keys.ToList())
        {
            if (_apps.TryRemove(id, out var app))
            {
                await app.App.DisposeAsync();
            }
        }
    }

    private static string Sanitize(string drillId) =>
        new(drillId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource source, string sql, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource source, string sql, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Dictionary<string, string> Password(DrillScope scope) => new(StringComparer.Ordinal) { ["PGPASSWORD"] = _secrets.Resolve(scope.Standby.Password) };

    private NpgsqlDataSource DataSource(DrillScope scope, int port) =>
        NpgsqlDataSource.Create(MemberConnectionString.For(scope.Standby, _secrets).At("127.0.0.1", port).Timeouts(TimeSpan.FromSeconds(10)).Value);

    /// <summary>Cuts every link the standby's configuration would give the copy to production, and makes it start in recovery.</summary>
    private async Task IsolateAsync(string drillId, int port, CancellationToken cancellationToken)
    {
        var data = DataDirectory(drillId);
        await File.AppendAllLinesAsync(
            Path.Combine(data, "postgresql.auto.conf"),
            [
                "# failover drill copy: no link to production",
                "primary_conninfo = ''",
                "primary_slot_name = ''",
                "restore_command = ''",
                "archive_mode = 'off'",
                "synchronous_standby_names = ''",
                "default_transaction_read_only = 'off'",
                "hot_standby = 'on'",
                string.Create(CultureInfo.InvariantCulture, $"port = {port}"),
            ],
            cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(data, "standby.signal"), "", cancellationToken);
        var stale = Path.Combine(data, "postmaster.pid");
        if (File.Exists(stale))
        {
            File.Delete(stale);
        }

        await _programs.CreateOwnedDirectoryAsync(DrillDirectory(drillId), cancellationToken);
    }

    /// <summary>Stops the copy (immediate shutdown, then SIGKILL by pid); returns the pid it stopped, or null when none ran.</summary>
    private async Task<int?> StopPostgresAsync(string drillId, CancellationToken cancellationToken)
    {
        if (PostgresPid(drillId) is not { } pid)
        {
            return null;
        }

        var stop = await _programs.RunAsync("pg_ctl", ["stop", "-m", "immediate", "-w", "-t", "10", "-D", DataDirectory(drillId)], TimeSpan.FromSeconds(15), cancellationToken);
        if (!stop.Succeeded || ProcessTree.IsAlive(pid))
        {
            await ProcessTree.KillAsync(pid, TimeSpan.FromSeconds(10), cancellationToken);
        }

        return pid;
    }

    private int? ReadNumber(string drillId, string file)
    {
        var path = Path.Combine(DrillDirectory(drillId), file);
        return File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private string LogTail(string drillId)
    {
        var log = Path.Combine(DrillDirectory(drillId), "postgres.log");
        return File.Exists(log) ? string.Join(" | ", File.ReadLines(log).TakeLast(3)) : "no server log";
    }

    private sealed record DrillApp(WebApplication App, Uri Url);

    private sealed record Created(long Id);

    private static partial class Log
    {
        [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Drill {DrillId}: copied {Standby} to {Directory} in {Milliseconds} ms")]
        public static partial void Copied(ILogger logger, string drillId, string standby, string directory, long milliseconds);

        [LoggerMessage(EventId = 9102, Level = LogLevel.Information, Message = "Drill {DrillId}: cleanup removed {Count} things")]
        public static partial void CleanedUp(ILogger logger, string drillId, int count);
    }
}
