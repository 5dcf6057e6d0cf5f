using Failover.Core.Agents;
using Failover.Core.Replication;
using Failover.Postgres;
using Npgsql;

namespace Failover.Agent;

/// <summary>The supervised member read over a local SQL session (<c>--db-host</c>, <c>--db-port</c>, <c>--db-user</c>, <c>--password-file</c>).</summary>
internal sealed class LocalMember(AgentOptions options)
{
    private const string PrimaryQuery = """
        SELECT pg_current_wal_lsn()::text, pg_current_wal_flush_lsn()::text,
               ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int
        """;

    private const string StandbyQuery = """
        SELECT pg_last_wal_receive_lsn()::text,
               (SELECT flushed_lsn::text FROM pg_stat_wal_receiver),
               pg_last_wal_replay_lsn()::text,
               coalesce((SELECT status FROM pg_stat_wal_receiver), ''),
               coalesce((SELECT received_tli FROM pg_stat_wal_receiver), (SELECT timeline_id FROM pg_control_checkpoint()))
        """;

    private const string ReplicasQuery = """
        SELECT application_name, coalesce(sync_state, ''), flush_lsn::text, replay_lsn::text
        FROM pg_stat_replication ORDER BY application_name
        """;

    /// <summary>True when the server accepts a session now.</summary>
    public async Task<bool> AcceptsConnectionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The member's role and positions; <see cref="AgentMemberView.Down"/> when no session opens.</summary>
    public async Task<AgentMemberView> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var recovery = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
            var inRecovery = (bool)(await recovery.ExecuteScalarAsync(cancellationToken))!;
            return inRecovery ? await ReadStandbyAsync(connection, cancellationToken) : await ReadPrimaryAsync(connection, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
        {
            return AgentMemberView.Down;
        }
    }

    private static async Task<AgentMemberView> ReadPrimaryAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        Lsn current, flush;
        int timeline;
        await using (var command = new NpgsqlCommand(PrimaryQuery, connection))
        await using (var row = await command.ExecuteReaderAsync(cancellationToken))
        {
            await row.ReadAsync(cancellationToken);
            current = Lsn.Parse(row.GetString(0));
            flush = Lsn.Parse(row.GetString(1));
            timeline = row.GetInt32(2);
        }

        var replicas = new List<AgentReplicaView>();
        await using var list = new NpgsqlCommand(ReplicasQuery, connection);
        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            replicas.Add(new AgentReplicaView(reader.GetString(0), reader.GetString(1), LsnOrNull(reader, 2), LsnOrNull(reader, 3)));
        }

        return new AgentMemberView(DatabaseRole.Primary, timeline, current, null, flush, null, false, replicas);
    }

    private static async Task<AgentMemberView> ReadStandbyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(StandbyQuery, connection);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        return new AgentMemberView(
            DatabaseRole.Standby,
            row.IsDBNull(4) ? null : row.GetInt32(4),
            Current: null,
            Receive: LsnOrNull(row, 0),
            Flush: LsnOrNull(row, 1),
            Replay: LsnOrNull(row, 2),
            ReceiverStreaming: row.GetString(3) == "streaming",
            Replicas: []);
    }

    private static Lsn? LsnOrNull(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : Lsn.Parse(reader.GetString(column));

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var password = options.PasswordFile is { } file ? (await File.ReadAllTextAsync(file, cancellationToken)).TrimEnd('\r', '\n') : null;
        var connectionString = MemberConnectionString.To(options.DbHost, options.LocalPort, "postgres", options.DbUser, password)
            .ApplicationName("failover-agent")
            .Timeouts(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        var connection = new NpgsqlConnection(connectionString.Value);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
