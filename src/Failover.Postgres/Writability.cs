using Failover.Core.Replication;
using Npgsql;

namespace Failover.Postgres;

/// <summary>Asks a member, through a session with the server's defaults, whether a write would be accepted.</summary>
internal sealed class Writability(MemberSessions sessions, TimeProvider timeProvider)
{
    /// <summary>True when writable, false when read-only (by fence or recovery); throws when the member cannot be asked.</summary>
    public async Task<bool> ProbeAsync(DatabaseMember member, CancellationToken cancellationToken)
    {
        await using var connection = await sessions.OpenAsync(member, SessionKind.Default, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            // DDL is refused in a read-only transaction before it touches anything; disposing the transaction rolls it back either way.
            await using var command = new NpgsqlCommand("CREATE TABLE failover_write_probe (id int)", connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction)
        {
            return false;
        }
    }

    /// <summary>Polls until the member's answer is <paramref name="writable"/>, within <paramref name="within"/>.</summary>
    public async Task<bool> WaitForAsync(DatabaseMember member, bool writable, TimeSpan within, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            if (await ProbeAsync(member, cancellationToken) == writable)
            {
                return true;
            }

            if (timeProvider.GetElapsedTime(started) >= within)
            {
                return false;
            }

            await Task.Delay(sessions.Options.PollInterval, timeProvider, cancellationToken);
        }
    }
}
