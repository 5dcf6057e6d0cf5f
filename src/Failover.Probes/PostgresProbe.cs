using Failover.Core.Health;
using Failover.Core.Replication;
using Failover.Core.Secrets;
using Failover.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Failover.Probes;

/// <summary>
/// PostgreSQL probe: a fresh (unpooled) connection, <c>SELECT 1, pg_is_in_recovery()</c>, and the role checked
/// against the target's expected role. Failures: dns, refused, timeout, auth (including an unavailable password),
/// unavailable (starting up, shutting down, too many connections), role. The password is resolved at each run and
/// never appears in a result or a log.
/// </summary>
internal sealed class PostgresProbe(ISecretResolver secrets) : IProbe
{
    public bool CanProbe(ProbeTarget target) => target is PostgresProbeTarget;

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var pg = (PostgresProbeTarget)target;
        try
        {
            return await QueryAsync(pg, cancellationToken);
        }
        catch (SecretUnavailableException e)
        {
            // The message names the reference (env:NAME / file:path), never a value.
            return ProbeOutcome.Fail(ProbeFailureReason.Auth, e.Message);
        }
        catch (PostgresException e)
        {
            return ProbeOutcome.Fail(Classify(e.SqlState), $"{e.SqlState}: {e.MessageText}");
        }
        catch (NpgsqlException e) when (e.InnerException is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // Npgsql wraps a cancelled open or read; unwrapped, the caller tells the deadline from its own cancellation.
            throw new OperationCanceledException(e.Message, e, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            return e.InnerException is TimeoutException
                ? ProbeOutcome.TimedOut(target.Timeout)
                : SocketFailures.Find(e) is { } socket
                    ? SocketFailures.Outcome(socket)
                    : ProbeOutcome.Fail(ProbeFailureReason.Error, e.Message);
        }
        catch (TimeoutException)
        {
            return ProbeOutcome.TimedOut(target.Timeout);
        }
    }

    private async Task<ProbeOutcome> QueryAsync(PostgresProbeTarget target, CancellationToken ct)
    {
        var connectionString = MemberConnectionString.For(target.Member, secrets)
            .Timeouts(target.Timeout, target.Timeout)
            .ApplicationName("failover-probe");
        await using var connection = new NpgsqlConnection(connectionString.Value);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1, pg_is_in_recovery()", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.GetInt32(0) != 1)
        {
            return ProbeOutcome.Fail(ProbeFailureReason.Error, "SELECT 1 returned no row");
        }

        var role = reader.GetBoolean(1) ? DatabaseRole.Standby : DatabaseRole.Primary;
        if (target.ExpectedRole is { } expected && expected != DatabaseRole.Unknown && expected != role)
        {
            return ProbeOutcome.Fail(ProbeFailureReason.Role, $"is {Name(role)}, expected {Name(expected)}");
        }

        return ProbeOutcome.Ok($"role={Name(role)}");
    }

    private static string Name(DatabaseRole role) => role == DatabaseRole.Primary ? "primary" : "standby";

    private static ProbeFailureReason Classify(string sqlState) => sqlState switch
    {
        "28P01" or "28000" => ProbeFailureReason.Auth,
        // cannot_connect_now (starting up / shutting down / recovery not yet consistent), too_many_connections, admin_shutdown.
        "57P03" or "53300" or "57P01" or "57P02" => ProbeFailureReason.Unavailable,
        _ => ProbeFailureReason.Error,
    };
}
