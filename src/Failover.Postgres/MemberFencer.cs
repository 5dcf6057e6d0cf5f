using System.Globalization;
using Failover.Core;
using Failover.Core.Replication;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Failover.Postgres;

/// <summary>
/// Fences a primary reachable over SQL, and lifts the fence. A fence is three local, reversible measures:
/// <list type="number">
/// <item>new application logins to the service database are refused: <c>ALTER DATABASE … CONNECTION LIMIT 0</c>, which
/// PostgreSQL does not apply to superusers, so the control plane still gets in (the previous limit is kept in a
/// per-database setting, <c>failover.saved_connection_limit</c>, and restored on unfence);</item>
/// <item>every new transaction is read-only: <c>ALTER SYSTEM SET default_transaction_read_only = on</c> and a reload;</item>
/// <item>existing client sessions are terminated (waiting for each to exit), twice: before and after the reload is seen.</item>
/// </list>
/// The fence is verified by trying a write in a fresh session with the server's defaults. The member records the epoch it
/// was fenced under (<c>failover.fenced_epoch</c>); an unfence by a caller holding a later epoch is refused, because a
/// promotion may have happened in between and lifting the fence could make two writable primaries.
/// </summary>
internal sealed class MemberFencer(MemberSessions sessions, Writability writability, ILogger logger)
{
    private const string SavedLimitQuery = """
        SELECT split_part(s, '=', 2) FROM pg_db_role_setting, unnest(setconfig) AS s
        WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) AND setrole = 0
          AND s LIKE 'failover.saved\_connection\_limit=%'
        """;

    public async Task<FenceResult> FenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await sessions.OpenAsync(member, SessionKind.Control, cancellationToken);
            await MemberState.LockAsync(connection, cancellationToken);
            var state = await MemberState.ReadAsync(connection, cancellationToken);
            if (Refusal(state, epoch) is { } refusal)
            {
                return Failed("fence", member, epoch, refusal.Failure, refusal.Detail, 0);
            }

            var already = state.FencedMark && state.DatabaseConnectionLimit == 0;
            if (state.DatabaseConnectionLimit is { } limit and not 0)
            {
                var db = MemberState.Identifier(member.Database);
                var saved = limit.ToString(CultureInfo.InvariantCulture);
                await MemberState.ExecuteAsync(
                    connection,
                    $"SELECT set_config('{MemberState.SavedConnectionLimitSetting}', '', false); ALTER DATABASE {db} SET {MemberState.SavedConnectionLimitSetting} = '{saved}'; ALTER DATABASE {db} CONNECTION LIMIT 0",
                    cancellationToken,
                    batch: true);
            }

            await MemberState.SetAsync(connection, "default_transaction_read_only", "on", cancellationToken);
            await MemberState.SetAsync(connection, MemberState.FencedSetting, "on", cancellationToken);
            await MemberState.SetAsync(connection, MemberState.FencedEpochSetting, MemberState.Text(epoch), cancellationToken);
            await MemberState.SetAsync(connection, MemberState.EpochSetting, MemberState.Text(epoch), cancellationToken);
            await MemberState.ReloadAsync(connection, cancellationToken);
            var terminated = await TerminateSessionsAsync(connection, cancellationToken);
            var readOnly = await writability.WaitForAsync(member, writable: false, sessions.Options.SessionTerminationWait, cancellationToken);

            // Sessions that connected before the postmaster applied the reload could still write: end them too.
            terminated += await TerminateSessionsAsync(connection, cancellationToken);
            if (!readOnly)
            {
                return Failed("fence", member, epoch, ReplicationFailure.VerificationFailed, "a write was still accepted after the fence", terminated);
            }

            Log.Fenced(logger, member.ToString(), epoch.Value, already, terminated);
            return new FenceResult(true, already, ReplicationFailure.None, already ? "already fenced" : "fenced", terminated);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var (failure, detail) = MemberSessions.Classify(e, cancellationToken);
            return Failed("fence", member, epoch, failure, detail, 0);
        }
    }

    public async Task<FenceResult> UnfenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await sessions.OpenAsync(member, SessionKind.Control, cancellationToken);
            await MemberState.LockAsync(connection, cancellationToken);
            var state = await MemberState.ReadAsync(connection, cancellationToken);
            if (Refusal(state, epoch) is { } refusal)
            {
                return Failed("unfence", member, epoch, refusal.Failure, refusal.Detail, 0);
            }

            if (state.FencedMark && state.FencedEpoch is { } fencedUnder && fencedUnder < epoch)
            {
                return Failed("unfence", member, epoch, ReplicationFailure.FencedUnderEarlierEpoch,
                    $"the member was fenced under epoch {fencedUnder} and the caller holds epoch {epoch}: a promotion may have happened since; rejoin it as a standby, or fence it again under epoch {epoch} first to confirm", 0);
            }

            var already = !state.FencedMark && state.DatabaseConnectionLimit != 0;
            await MemberState.ResetAsync(connection, "default_transaction_read_only", cancellationToken);
            await MemberState.ResetAsync(connection, MemberState.FencedSetting, cancellationToken);
            await MemberState.ResetAsync(connection, MemberState.FencedEpochSetting, cancellationToken);
            await MemberState.SetAsync(connection, MemberState.EpochSetting, MemberState.Text(epoch), cancellationToken);
            await MemberState.ReloadAsync(connection, cancellationToken);
            if (state.DatabaseConnectionLimit == 0)
            {
                await RestoreConnectionLimitAsync(connection, member.Database, cancellationToken);
            }

            if (!await writability.WaitForAsync(member, writable: true, sessions.Options.SessionTerminationWait, cancellationToken))
            {
                return Failed("unfence", member, epoch, ReplicationFailure.VerificationFailed, "a write was still refused after the fence was lifted", 0);
            }

            Log.Unfenced(logger, member.ToString(), epoch.Value, already);
            return new FenceResult(true, already, ReplicationFailure.None, already ? "was not fenced" : "unfenced", 0);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var (failure, detail) = MemberSessions.Classify(e, cancellationToken);
            return Failed("unfence", member, epoch, failure, detail, 0);
        }
    }

    /// <summary>Puts back the connection limit saved by the fence (unlimited when none was saved). Needs a writable primary.</summary>
    public static async Task RestoreConnectionLimitAsync(NpgsqlConnection connection, string database, CancellationToken cancellationToken)
    {
        var saved = await MemberState.ScalarAsync<string>(connection, SavedLimitQuery, cancellationToken);
        var limit = int.TryParse(saved, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value != 0 ? value : -1;
        var db = MemberState.Identifier(database);
        await MemberState.ExecuteAsync(
            connection,
            $"ALTER DATABASE {db} CONNECTION LIMIT {limit.ToString(CultureInfo.InvariantCulture)}; ALTER DATABASE {db} RESET {MemberState.SavedConnectionLimitSetting}",
            cancellationToken,
            batch: true);
    }

    private static (ReplicationFailure Failure, string Detail)? Refusal(MemberState state, Epoch epoch)
    {
        if (state.InRecovery)
        {
            return (ReplicationFailure.NotPrimary, "the member is a standby: recovery already keeps it read-only");
        }

        return state.Epoch is { } seen && seen > epoch
            ? (ReplicationFailure.StaleEpoch, $"the member has acted under epoch {seen}; the caller holds epoch {epoch}")
            : null;
    }

    private async Task<int> TerminateSessionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var waitMs = (long)sessions.Options.SessionTerminationWait.TotalMilliseconds;
        var sql = $"""
            SELECT count(*)::int FROM (
                SELECT pg_terminate_backend(pid, {waitMs.ToString(CultureInfo.InvariantCulture)}) AS gone FROM pg_stat_activity
                WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()) t
            WHERE gone
            """;
        return await MemberState.ScalarAsync<int>(connection, sql, cancellationToken);
    }

    private FenceResult Failed(string action, DatabaseMember member, Epoch epoch, ReplicationFailure failure, string detail, int terminated)
    {
        Log.FenceFailed(logger, action, member.ToString(), epoch.Value, failure, detail);
        return new FenceResult(false, false, failure, detail, terminated);
    }
}
