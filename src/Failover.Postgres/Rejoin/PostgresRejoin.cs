using System.Globalization;
using System.Text.RegularExpressions;
using Failover.Core.Replication;
using Failover.Core.Secrets;
using Failover.Postgres.Programs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Failover.Postgres.Rejoin;

/// <summary>
/// Rebuilds a former primary whose data directory is on this host as a streaming standby of the new primary:
/// stop it, finish crash recovery when it was killed, <c>pg_rewind</c> (falling back to <c>pg_basebackup</c>), write
/// <c>standby.signal</c>, <c>primary_conninfo</c> and <c>primary_slot_name</c>, start it and wait until it streams.
/// The standby's <c>primary_conninfo</c> carries no password: its replication login is the host's business
/// (pg_hba on a private network, a .pgpass file, or a client certificate).
/// </summary>
/// <remarks>The server is stopped and started through <see cref="IRejoinServerControl"/>: pg_ctl unless another is given.</remarks>
public sealed partial class PostgresRejoin(
    PostgresPrograms programs, ISecretResolver secrets, TimeProvider timeProvider, ILogger? logger = null, IRejoinServerControl? serverControl = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly IRejoinServerControl _server = serverControl ?? new PgCtlServerControl(programs);

    public async Task<RejoinResult> RejoinAsync(RejoinRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.DataDirectory, nameof(request.DataDirectory));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.SlotName, nameof(request.SlotName));
        var started = timeProvider.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(request.Timeout);
        var token = deadline.Token;
        try
        {
            var password = secrets.Resolve(request.NewPrimary.Password);
            var environment = new Dictionary<string, string> { ["PGPASSWORD"] = password };
            await EnsureSlotAsync(request, password, token);
            await StopAsync(request, token);
            var end = await EnsureCleanShutdownAsync(request, token);

            var path = RejoinPath.Rewind;
            Lsn? divergedAt = null;
            long? discarded = null;
            var walCopy = await KeepDivergedWalAsync(request, end, environment, token);
            Step(request, "pg_rewind");
            var rewind = await programs.RunAsync(
                "pg_rewind", ["-D", request.DataDirectory, "--source-server", SourceConnInfo(request.NewPrimary), "--no-sync"], request.Timeout, token, environment);
            var output = rewind.StandardOutput + rewind.StandardError;
            if (rewind.Succeeded)
            {
                if (output.Contains("no rewind required", StringComparison.Ordinal))
                {
                    path = RejoinPath.NoRewindNeeded;
                    discarded = 0;
                }

                if (Diverged().Match(output) is { Success: true } match)
                {
                    divergedAt = Lsn.Parse(match.Groups[1].Value);
                    discarded = end is { } last ? last.BytesAfter(divergedAt.Value) : null;
                }
            }
            else
            {
                Log.RewindFailed(_logger, request.DataDirectory, rewind.Summary);
                path = RejoinPath.BaseBackup;
                await BaseBackupAsync(request, environment, token);
            }

            if (walCopy is not null && divergedAt is null)
            {
                // pg_rewind failed after its dry run found the divergence: the base backup discarded the same writes.
                divergedAt = walCopy.At;
                discarded = end?.BytesAfter(walCopy.At);
            }

            await WriteStandbyConfigurationAsync(request, token);
            Step(request, "start as standby");
            var start = await _server.StartAsync(request, token);
            if (!start.Succeeded)
            {
                return new RejoinResult(false, path, divergedAt, discarded, false, $"the rejoined member did not start: {start.Detail}", Elapsed(started));
            }

            var streaming = await WaitForStreamingAsync(request, password, token);
            var kept = walCopy is null ? "" : $"; the WAL written only here (after {divergedAt}) is kept in {walCopy.Directory}: pg_waldump --path {walCopy.Directory} --start {divergedAt} --timeline {walCopy.Timeline}";
            return new RejoinResult(
                streaming, path, divergedAt, discarded, streaming,
                (streaming ? "streaming from the new primary" : "started but not streaming yet") + $"; pg_rewind: {rewind.Summary}{kept}", Elapsed(started), walCopy?.Directory);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var detail = e is OperationCanceledException ? $"timed out after {request.Timeout}" : MemberSessions.Classify(e, cancellationToken).Detail;
            return new RejoinResult(false, null, null, null, false, detail, Elapsed(started));
        }
    }

    private async Task StopAsync(RejoinRequest request, CancellationToken token)
    {
        Step(request, "stop the server");
        await _server.StopAsync(request, token);
    }

    /// <summary>
    /// A killed server must finish crash recovery before pg_rewind; single-user mode does it without accepting any
    /// connection. Returns the end of the member's WAL (its shutdown checkpoint), used to size the discarded WAL.
    /// </summary>
    private async Task<Lsn?> EnsureCleanShutdownAsync(RejoinRequest request, CancellationToken token)
    {
        var control = await ControlDataAsync(request, token);
        if (!control.TryGetValue("Database cluster state", out var state) || !state.StartsWith("shut down", StringComparison.Ordinal))
        {
            Step(request, $"crash recovery in single-user mode (state: {state ?? "unknown"})");
            var single = await programs.RunAsync(
                "postgres", ["--single", "-F", "-D", request.DataDirectory, "-c", "archive_mode=off", "postgres"], request.Timeout, token, standardInput: "");
            if (!single.Succeeded)
            {
                throw new InvalidOperationException($"single-user crash recovery failed: {single.Summary}");
            }

            control = await ControlDataAsync(request, token);
        }

        return control.TryGetValue("Latest checkpoint location", out var location) ? Lsn.Parse(location) : null;
    }

    /// <summary>
    /// pg_rewind throws away the writes only the old primary had (a split brain's diverged transactions). Before it does,
    /// a dry run finds where the histories diverged and, when the old member wrote past that point, its WAL is copied
    /// aside so a human can still read those writes with pg_waldump and decide what to replay by hand.
    /// </summary>
    private async Task<DivergedWal?> KeepDivergedWalAsync(RejoinRequest request, Lsn? end, Dictionary<string, string> environment, CancellationToken token)
    {
        var dryRun = await programs.RunAsync(
            "pg_rewind", ["-D", request.DataDirectory, "--source-server", SourceConnInfo(request.NewPrimary), "--dry-run"], request.Timeout, token, environment);
        if (Diverged().Match(dryRun.StandardOutput + dryRun.StandardError) is not { Success: true } match || end is not { } last
            || last.BytesAfter(Lsn.Parse(match.Groups[1].Value)) <= 0)
        {
            return null;
        }

        var timeline = (await ControlDataAsync(request, token)).GetValueOrDefault("Latest checkpoint's TimeLineID", "1");
        var copy = $"{request.DataDirectory.TrimEnd('/')}.diverged-wal-{match.Groups[1].Value.Replace('/', '-')}";
        Step(request, $"keep the diverged WAL in {copy}");
        Directory.CreateDirectory(copy);
        foreach (var segment in Directory.GetFiles(Path.Combine(request.DataDirectory, "pg_wal")))
        {
            File.Copy(segment, Path.Combine(copy, Path.GetFileName(segment)), overwrite: true);
        }

        // Owned like the data directory, so pg_waldump (run as the server's user) can read it.
        await programs.CreateOwnedDirectoryAsync(copy, token);
        return new DivergedWal(copy, timeline, Lsn.Parse(match.Groups[1].Value));
    }

    private async Task<Dictionary<string, string>> ControlDataAsync(RejoinRequest request, CancellationToken token)
    {
        var result = await programs.RunAsync("pg_controldata", ["-D", request.DataDirectory], TimeSpan.FromSeconds(10), token);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"pg_controldata failed: {result.Summary}");
        }

        return result.StandardOutput.Split('\n')
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0].Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.Ordinal);
    }

    private async Task BaseBackupAsync(RejoinRequest request, Dictionary<string, string> environment, CancellationToken token)
    {
        var aside = request.DataDirectory.TrimEnd('/') + ".rejoin-old";
        Step(request, $"pg_basebackup (old directory moved to {aside})");
        if (Directory.Exists(aside))
        {
            Directory.Delete(aside, recursive: true);
        }

        Directory.Move(request.DataDirectory, aside);
        await programs.CreateOwnedDirectoryAsync(request.DataDirectory, token);
        var endpoint = request.NewPrimary.Endpoint;
        var backup = await programs.RunAsync(
            "pg_basebackup",
            ["-D", request.DataDirectory, "-h", endpoint.Host, "-p", endpoint.Port.ToString(CultureInfo.InvariantCulture), "-U", request.NewPrimary.User,
             "-X", "stream", "-c", "fast", "--no-sync"],
            request.Timeout,
            token,
            environment);
        if (!backup.Succeeded)
        {
            throw new InvalidOperationException($"pg_basebackup failed: {backup.Summary}; the old data directory is kept at {aside}");
        }

        Directory.Delete(aside, recursive: true);
    }

    private async Task WriteStandbyConfigurationAsync(RejoinRequest request, CancellationToken token)
    {
        // pg_rewind and pg_basebackup copy the new primary's postgresql.auto.conf: drop its replication settings, add ours.
        var auto = Path.Combine(request.DataDirectory, "postgresql.auto.conf");
        var kept = File.Exists(auto)
            ? (await File.ReadAllLinesAsync(auto, token)).Where(l => !IsSetting(l, "primary_conninfo") && !IsSetting(l, "primary_slot_name")).ToList()
            : [];
        var endpoint = request.NewPrimary.Endpoint;
        var conninfo = $"host={endpoint.Host} port={endpoint.Port.ToString(CultureInfo.InvariantCulture)} user={request.NewPrimary.User} application_name={request.SlotName}";
        kept.Add($"primary_conninfo = '{conninfo}'");
        kept.Add($"primary_slot_name = '{request.SlotName}'");
        await File.WriteAllLinesAsync(auto, kept, token);
        await File.WriteAllTextAsync(Path.Combine(request.DataDirectory, "standby.signal"), "", token);
        await programs.CreateOwnedDirectoryAsync(request.DataDirectory, token);
    }

    private static async Task EnsureSlotAsync(RejoinRequest request, string password, CancellationToken token)
    {
        await using var connection = await OpenPrimaryAsync(request, password, token);
        await using var command = new NpgsqlCommand(
            "SELECT pg_create_physical_replication_slot(@slot) FROM (SELECT 1) x WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = @slot)",
            connection);
        command.Parameters.AddWithValue("slot", request.SlotName);
        await command.ExecuteNonQueryAsync(token);

        // A just-promoted primary still names the old timeline in its control file until its first checkpoint, and
        // pg_rewind reads that file: without this checkpoint it would wrongly answer "no rewind required".
        await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection);
        checkpoint.CommandTimeout = (int)Math.Max(30, request.Timeout.TotalSeconds);
        await checkpoint.ExecuteNonQueryAsync(token);
    }

    private async Task<bool> WaitForStreamingAsync(RejoinRequest request, string password, CancellationToken token)
    {
        Step(request, "wait until streaming");
        await using var connection = await OpenPrimaryAsync(request, password, token);
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_replication WHERE application_name = @name AND state = 'streaming'", connection);
            command.Parameters.AddWithValue("name", request.SlotName);
            if ((long)(await command.ExecuteScalarAsync(token))! > 0)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), timeProvider, token);
        }
    }

    private static async Task<NpgsqlConnection> OpenPrimaryAsync(RejoinRequest request, string password, CancellationToken token)
    {
        var connection = new NpgsqlConnection(MemberConnectionString.For(request.NewPrimary, password).ApplicationName("failover-rejoin").Value);
        try
        {
            await connection.OpenAsync(token);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static string SourceConnInfo(DatabaseMember primary) =>
        $"host={primary.Endpoint.Host} port={primary.Endpoint.Port.ToString(CultureInfo.InvariantCulture)} user={primary.User} dbname={primary.Database}";

    private static bool IsSetting(string line, string name) =>
        line.TrimStart().StartsWith(name, StringComparison.Ordinal) && line.TrimStart()[name.Length..].TrimStart().StartsWith('=');

    private void Step(RejoinRequest request, string step) => Log.RejoinStep(_logger, request.DataDirectory, step);

    private TimeSpan Elapsed(long started) => timeProvider.GetElapsedTime(started);

    private sealed record DivergedWal(string Directory, string Timeline, Lsn At);

    [GeneratedRegex(@"servers diverged at WAL location ([0-9A-Fa-f]+/[0-9A-Fa-f]+)")]
    private static partial Regex Diverged();
}
