using System.Globalization;
using Failover.Core;
using Failover.Core.Replication;
using Npgsql;

namespace Failover.Postgres;

/// <summary>
/// The control marks a member keeps about itself, in its own <c>postgresql.auto.conf</c> (ALTER SYSTEM, local to the
/// member and never replicated): the epoch it last acted under, the epoch it was promoted under, and whether it is fenced.
/// They are read from <c>pg_file_settings</c> so that a value written by another controller is seen at once, without
/// waiting for a configuration reload to reach this session.
/// </summary>
internal sealed record MemberState(
    bool InRecovery, ulong SystemIdentifier, Epoch? Epoch, Epoch? PromotedEpoch, bool FencedMark, int? DatabaseConnectionLimit, Epoch? FencedEpoch)
{
    public const string EpochSetting = "failover.epoch";
    public const string PromotedEpochSetting = "failover.promoted_epoch";
    public const string FencedSetting = "failover.fenced";
    public const string FencedEpochSetting = "failover.fenced_epoch";
    public const string SavedConnectionLimitSetting = "failover.saved_connection_limit";

    /// <summary>Advisory lock that serialises check-then-act on one member between controllers (works on standbys too).</summary>
    private const long ControlLockKey = 0x4641_494C_4F56_4552; // "FAILOVER"

    private const string Query = """
        SELECT pg_is_in_recovery(),
               (SELECT system_identifier FROM pg_control_system()),
               (SELECT setting FROM pg_file_settings WHERE name = 'failover.epoch' ORDER BY seqno DESC LIMIT 1),
               (SELECT setting FROM pg_file_settings WHERE name = 'failover.promoted_epoch' ORDER BY seqno DESC LIMIT 1),
               (SELECT setting FROM pg_file_settings WHERE name = 'failover.fenced' ORDER BY seqno DESC LIMIT 1),
               (SELECT datconnlimit FROM pg_database WHERE datname = current_database()),
               (SELECT setting FROM pg_file_settings WHERE name = 'failover.fenced_epoch' ORDER BY seqno DESC LIMIT 1)
        """;

    /// <summary>The marks an observation of the member carries.</summary>
    public ControlMarks Marks => new(FencedMark, Epoch);

    public static async Task<MemberState> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Query, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new MemberState(
            reader.GetBoolean(0),
            unchecked((ulong)reader.GetInt64(1)),
            ParseEpoch(reader.IsDBNull(2) ? null : reader.GetString(2)),
            ParseEpoch(reader.IsDBNull(3) ? null : reader.GetString(3)),
            !reader.IsDBNull(4) && string.Equals(reader.GetString(4), "on", StringComparison.OrdinalIgnoreCase),
            reader.IsDBNull(5) ? null : reader.GetInt32(5),
            ParseEpoch(reader.IsDBNull(6) ? null : reader.GetString(6)));
    }

    /// <summary>Takes the member's control lock for the life of this session (released when the connection closes).</summary>
    public static Task LockAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, $"SELECT pg_advisory_lock({ControlLockKey})", cancellationToken);

    /// <summary>Writes a setting with ALTER SYSTEM (custom <c>failover.*</c> names need a placeholder in the session first).</summary>
    public static Task SetAsync(NpgsqlConnection connection, string name, string value, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, $"SELECT set_config('{name}', coalesce(current_setting('{name}', true), ''), false); ALTER SYSTEM SET {name} = {Literal(value)}", cancellationToken, batch: true);

    public static Task ResetAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken) =>
        name.StartsWith("failover.", StringComparison.Ordinal)
            ? ExecuteAsync(connection, $"SELECT set_config('{name}', coalesce(current_setting('{name}', true), ''), false); ALTER SYSTEM RESET {name}", cancellationToken, batch: true)
            : ExecuteAsync(connection, $"ALTER SYSTEM RESET {name}", cancellationToken);

    public static Task ReloadAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, "SELECT pg_reload_conf()", cancellationToken);

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, bool batch = false)
    {
        if (batch)
        {
            // ALTER SYSTEM refuses to run in a transaction block, even an implicit one: one round trip per statement.
            foreach (var part in sql.Split("; ", StringSplitOptions.RemoveEmptyEntries))
            {
                await using var statement = new NpgsqlCommand(part, connection);
                await statement.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)value;
    }

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Text(Epoch epoch) => epoch.Value.ToString(CultureInfo.InvariantCulture);

    private static Epoch? ParseEpoch(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? new Epoch(value) : null;
}
