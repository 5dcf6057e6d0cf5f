using Failover.Core;
using Failover.Core.Replication;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Failover.Postgres;

/// <summary>Reads one member's role, position, lag, slots and control marks in one session; failures become observations.</summary>
internal sealed class MemberObserver(MemberSessions sessions, TimeProvider timeProvider, ILogger logger)
{
    private const string PrimaryQuery = """
        SELECT pg_current_wal_lsn()::text,
               ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int
        """;

    // What a standby acknowledges is what its WAL receiver flushed: pg_last_wal_receive_lsn() (kept after the receiver
    // stops), or the running receiver's flushed_lsn when that is further. Replay may lag it (recovery_min_apply_delay,
    // a query conflict): flushed WAL is not lost by a promotion, which replays it first.
    private const string StandbyQuery = """
        SELECT greatest(pg_last_wal_receive_lsn(), (SELECT flushed_lsn FROM pg_stat_wal_receiver))::text,
               pg_last_wal_replay_lsn()::text,
               pg_last_xact_replay_timestamp(),
               (SELECT status FROM pg_stat_wal_receiver),
               coalesce((SELECT received_tli FROM pg_stat_wal_receiver), (SELECT timeline_id FROM pg_control_checkpoint()))
        """;

    private const string ReplicasQuery = """
        SELECT application_name, client_addr::text, coalesce(state, ''), coalesce(sync_state, ''),
               coalesce(sent_lsn, '0/0')::text, coalesce(flush_lsn, '0/0')::text, coalesce(replay_lsn, '0/0')::text,
               extract(epoch FROM replay_lag)::float8,
               coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::bigint
        FROM pg_stat_replication ORDER BY application_name
        """;

    private const string SlotsQuery = "SELECT slot_name::text, active, restart_lsn::text FROM pg_replication_slots ORDER BY slot_name";

    public async Task<MemberObservation> ObserveAsync(DatabaseMember member, CancellationToken cancellationToken)
    {
        try
        {
            return await sessions.ReadAsync(
                async token =>
                {
                    await using var connection = await sessions.OpenAsync(member, SessionKind.Control, token);
                    return await ReadAsync(member, connection, token);
                },
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var (failure, detail) = MemberSessions.Classify(e, cancellationToken);
            Log.ObservationFailed(logger, member.ToString(), failure, detail);
            return Unreachable(member, failure, detail);
        }
    }

    public MemberObservation Unreachable(DatabaseMember member, ReplicationFailure failure, string detail) =>
        MemberObservation.Unreachable(member, timeProvider.GetUtcNow(), failure, detail);

    private async Task<MemberObservation> ReadAsync(DatabaseMember member, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var state = await MemberState.ReadAsync(connection, cancellationToken);
        var slots = await ReadSlotsAsync(connection, cancellationToken);
        var observedAt = timeProvider.GetUtcNow();
        if (!state.InRecovery)
        {
            Lsn current;
            int timeline;
            await using (var command = new NpgsqlCommand(PrimaryQuery, connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                current = Lsn.Parse(reader.GetString(0));
                timeline = reader.GetInt32(1);
            }

            var replicas = await ReadReplicasAsync(connection, cancellationToken);
            return MemberObservation.Primary(member, observedAt, state.SystemIdentifier, timeline, current, state.Marks, new Downstream(replicas, slots));
        }

        await using var standby = new NpgsqlCommand(StandbyQuery, connection);
        await using var row = await standby.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        var wal = WalPositions.OfStandby(
            receive: row.IsDBNull(0) ? null : Lsn.Parse(row.GetString(0)),
            replay: row.IsDBNull(1) ? null : Lsn.Parse(row.GetString(1)),
            lastReplayedCommitAt: row.IsDBNull(2) ? null : row.GetFieldValue<DateTimeOffset>(2),
            receiverStreaming: !row.IsDBNull(3) && row.GetString(3) == "streaming");
        return MemberObservation.Standby(member, observedAt, state.SystemIdentifier, row.IsDBNull(4) ? null : row.GetInt32(4), wal, state.Marks, slots);
    }

    private static async Task<IReadOnlyList<ReplicaObservation>> ReadReplicasAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var replicas = new List<ReplicaObservation>();
        await using var command = new NpgsqlCommand(ReplicasQuery, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var positions = new ReplicaPositions(
                Sent: Lsn.Parse(reader.GetString(4)),
                Flush: Lsn.Parse(reader.GetString(5)),
                Replay: Lsn.Parse(reader.GetString(6)),
                ReplayLag: reader.IsDBNull(7) ? null : TimeSpan.FromSeconds(reader.GetDouble(7)),
                LagBytes: reader.GetInt64(8));
            replicas.Add(new ReplicaObservation(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetString(3), positions));
        }

        return replicas;
    }

    private static async Task<IReadOnlyList<SlotObservation>> ReadSlotsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var slots = new List<SlotObservation>();
        await using var command = new NpgsqlCommand(SlotsQuery, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            slots.Add(new SlotObservation(reader.GetString(0), reader.GetBoolean(1), reader.IsDBNull(2) ? null : Lsn.Parse(reader.GetString(2))));
        }

        return slots;
    }
}
