using System.Globalization;
using Failover.Core;
using Failover.Core.Replication;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Failover.Postgres;

/// <summary>
/// Promotes a standby. Under the member's control lock it refuses a member that is not in recovery, that belongs to
/// another cluster (system identifier) or that has already acted under a higher epoch; then it records the epoch on the
/// member (ALTER SYSTEM, so a later, staler controller is refused by the member itself), runs
/// <c>pg_promote(wait =&gt; true)</c>, reads the switch point from the new timeline's history file, and verifies a
/// committed write (a row in <c>failover.promotions</c>) through a session with the server's defaults.
/// </summary>
internal sealed class MemberPromoter(MemberSessions sessions, TimeProvider timeProvider, ILogger logger)
{
    private const string TimelineQuery = "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int";

    private const string StandbyTimelineQuery = """
        SELECT coalesce((SELECT received_tli FROM pg_stat_wal_receiver), (SELECT timeline_id FROM pg_control_checkpoint()))
        """;

    /// <summary>Outcome plus whether <c>pg_promote</c> was sent: after that point the member may become primary at any time.</summary>
    internal sealed record Outcome(PromotionResult Result, bool PromoteIssued);

    public async Task<Outcome> PromoteAsync(PromotionRequest request, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var member = request.Standby;
        var issued = false;
        try
        {
            await using var connection = await sessions.OpenAsync(member, SessionKind.Control, cancellationToken);
            await MemberState.LockAsync(connection, cancellationToken);
            var state = await MemberState.ReadAsync(connection, cancellationToken);
            if (!state.InRecovery)
            {
                if (state.PromotedEpoch == request.Epoch)
                {
                    // A retried step: this member was already promoted under this very epoch.
                    var timeline = await MemberState.ScalarAsync<int>(connection, TimelineQuery, cancellationToken);
                    return new(new PromotionResult(true, ReplicationFailure.None, $"already promoted under epoch {request.Epoch}", timeline, null, null, Elapsed(started)), false);
                }

                return Refuse(request, ReplicationFailure.NotInRecovery, "the member is not in recovery: it is already a primary", started);
            }

            if (request.ExpectedSystemIdentifier is { } expected && expected != state.SystemIdentifier)
            {
                return Refuse(request, ReplicationFailure.WrongSystemIdentifier, $"the member belongs to cluster {state.SystemIdentifier}, expected {expected}", started);
            }

            if (state.Epoch is { } seen && seen > request.Epoch)
            {
                return Refuse(request, ReplicationFailure.StaleEpoch, $"the member has acted under epoch {seen}; the caller holds epoch {request.Epoch}", started);
            }

            var oldTimeline = await MemberState.ScalarAsync<int>(connection, StandbyTimelineQuery, cancellationToken);
            Log.Promoting(logger, member.ToString(), request.Epoch.Value);
            await RecordEpochAsync(connection, state, request.Epoch, cancellationToken);

            issued = true;
            var seconds = Math.Max(1, (int)Math.Ceiling(request.Timeout.TotalSeconds));
            await using (var promote = new NpgsqlCommand($"SELECT pg_promote(true, {seconds.ToString(CultureInfo.InvariantCulture)})", connection))
            {
                promote.CommandTimeout = seconds + 5;
                if (await promote.ExecuteScalarAsync(cancellationToken) is not true)
                {
                    return Fail(request, ReplicationFailure.Timeout, $"pg_promote did not finish within {seconds} s; the member may still become primary", started);
                }
            }

            await MemberState.ReloadAsync(connection, cancellationToken);
            var newTimeline = await MemberState.ScalarAsync<int>(connection, TimelineQuery, cancellationToken);
            var switchLsn = await ReadSwitchPointAsync(connection, newTimeline, cancellationToken);
            if (newTimeline <= oldTimeline)
            {
                return Fail(request, ReplicationFailure.VerificationFailed, $"timeline {newTimeline} is not newer than {oldTimeline}", started);
            }

            if (state.DatabaseConnectionLimit == 0)
            {
                // Inherited from a fenced primary through replication (switchover): the new primary must accept logins.
                await MemberFencer.RestoreConnectionLimitAsync(connection, member.Database, cancellationToken);
            }

            if (!await VerifyWriteAsync(member, request.Epoch, newTimeline, switchLsn, cancellationToken))
            {
                return Fail(request, ReplicationFailure.VerificationFailed, "the promoted member refused a write", started);
            }

            var loss = request.LastKnownPrimaryLsn is { } last && switchLsn is { } at ? last.BytesAfter(at) : (long?)null;
            var duration = Elapsed(started);
            Log.Promoted(logger, member.ToString(), request.Epoch.Value, newTimeline, switchLsn?.ToString() ?? "?", loss, duration.TotalMilliseconds);
            return new(new PromotionResult(true, ReplicationFailure.None, $"promoted to timeline {newTimeline}", newTimeline, switchLsn, loss, duration), true);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var (failure, detail) = MemberSessions.Classify(e, cancellationToken);
            return Fail(request, failure, detail, started) with { PromoteIssued = issued };
        }
    }

    private static async Task RecordEpochAsync(NpgsqlConnection connection, MemberState state, Epoch epoch, CancellationToken cancellationToken)
    {
        await MemberState.SetAsync(connection, MemberState.EpochSetting, MemberState.Text(epoch), cancellationToken);
        await MemberState.SetAsync(connection, MemberState.PromotedEpochSetting, MemberState.Text(epoch), cancellationToken);
        if (state.FencedMark)
        {
            // The standby was cloned from a fenced primary: once promoted, it is the one that must serve.
            await MemberState.ResetAsync(connection, "default_transaction_read_only", cancellationToken);
            await MemberState.ResetAsync(connection, MemberState.FencedSetting, cancellationToken);
            await MemberState.ResetAsync(connection, MemberState.FencedEpochSetting, cancellationToken);
        }

        // No reload here: the marks are read from the files, and a SIGHUP landing on the startup process just before the
        // promotion signal was seen to delay the promotion by wal_retrieve_retry_interval (5 s). The reload follows pg_promote.
    }

    /// <summary>The LSN where the new timeline forked: the last line of <c>pg_wal/XXXXXXXX.history</c>.</summary>
    private static async Task<Lsn?> ReadSwitchPointAsync(NpgsqlConnection connection, int timeline, CancellationToken cancellationToken)
    {
        var file = $"pg_wal/{timeline.ToString("X8", CultureInfo.InvariantCulture)}.history";
        var text = await MemberState.ScalarAsync<string>(connection, $"SELECT pg_read_file({MemberState.Literal(file)})", cancellationToken);
        var last = text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => !l.StartsWith('#'));
        var fields = last?.Split('\t');
        return fields is { Length: >= 2 } ? Lsn.Parse(fields[1]) : null;
    }

    private async Task<bool> VerifyWriteAsync(DatabaseMember member, Epoch epoch, int timeline, Lsn? switchLsn, CancellationToken cancellationToken)
    {
        var sql = $"""
            SET synchronous_commit = local;
            CREATE SCHEMA IF NOT EXISTS failover;
            CREATE TABLE IF NOT EXISTS failover.promotions (
                epoch bigint NOT NULL, timeline int NOT NULL, switch_lsn pg_lsn, promoted_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (epoch, timeline));
            INSERT INTO failover.promotions (epoch, timeline, switch_lsn)
            VALUES ({MemberState.Text(epoch)}, {timeline.ToString(CultureInfo.InvariantCulture)}, {(switchLsn is { } l ? MemberState.Literal(l.ToString()) : "NULL")})
            ON CONFLICT DO NOTHING;
            """;
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            try
            {
                await using var connection = await sessions.OpenAsync(member, SessionKind.Default, cancellationToken);
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
                return true;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction
                && timeProvider.GetElapsedTime(started) < sessions.Options.SessionTerminationWait)
            {
                // The reload that lifts an inherited fence has not reached new sessions yet.
                await Task.Delay(sessions.Options.PollInterval, timeProvider, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction)
            {
                return false;
            }
        }
    }

    private Outcome Refuse(PromotionRequest request, ReplicationFailure failure, string detail, long started)
    {
        Log.PromotionRefused(logger, request.Standby.ToString(), request.Epoch.Value, failure, detail);
        return new(new PromotionResult(false, failure, detail, null, null, null, Elapsed(started)), false);
    }

    private Outcome Fail(PromotionRequest request, ReplicationFailure failure, string detail, long started)
    {
        Log.PromotionFailed(logger, request.Standby.ToString(), request.Epoch.Value, failure, detail);
        return new(new PromotionResult(false, failure, detail, null, null, null, Elapsed(started)), true);
    }

    private TimeSpan Elapsed(long started) => timeProvider.GetElapsedTime(started);
}
