using Failover.Core.Health;
using Failover.Core.Replication;
using Failover.Core.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Failover.Probes;

/// <summary>
/// PostgreSQL probe: a fresh (unpooled) connection, <c>SELECT 1, pg_is_in_recovery()</c>, and the role checked
/// against the target's expected role. Failures: dns, refused, timeout, auth (including an unavailable password),
/// unavailable (starting up, shutting down, too many connections), role. The password is resolved at each run and
/// never appears in a result or a log.
/// </summary>
internal sealed partial class PostgresProbe(ISecretResolver secrets, TimeProvider time, ILogger<PostgresProbe>? logger = null) : IProbe
{
    private readonly ILogger _logger = logger ?? NullLogger<PostgresProbe>.Instance;

    public bool CanProbe(ProbeTarget target) => target is PostgresProbeTarget;

    public async ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var pg = (PostgresProbeTarget)target;
        var clock = ProbeClock.Start(time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(target.Timeout);
        ProbeResult result;
        try
        {
            result = await QueryAsync(pg, clock, cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = clock.Fail(target, ProbeFailureReason.Timeout, $"no answer within {target.Timeout.TotalMilliseconds:0} ms");
        }
        catch (SecretUnavailableException e)
        {
            // The message names the reference (env:NAME / file:path), never a value.
            result = clock.Fail(target, ProbeFailureReason.Auth, e.Message);
        }
        catch (PostgresException e)
        {
            result = clock.Fail(target, Classify(e.SqlState), $"{e.SqlState}: {e.MessageText}");
        }
        catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested)
        {
            result = e.InnerException is TimeoutException || (e.InnerException is OperationCanceledException && cts.IsCancellationRequested)
                ? clock.Fail(target, ProbeFailureReason.Timeout, $"no answer within {target.Timeout.TotalMilliseconds:0} ms")
                : SocketFailures.Find(e) is { } socket
                    ? clock.Fail(target, SocketFailures.Classify(socket).Reason, SocketFailures.Classify(socket).Detail)
                    : clock.Fail(target, ProbeFailureReason.Error, e.Message);
        }
        catch (TimeoutException)
        {
            result = clock.Fail(target, ProbeFailureReason.Timeout, $"no answer within {target.Timeout.TotalMilliseconds:0} ms");
        }
#pragma warning disable CA1031 // Anything else is still a result, never an exception through the sweep.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            result = clock.Fail(target, ProbeFailureReason.Error, $"{e.GetType().Name}: {e.Message}");
        }

        if (!result.Succeeded)
        {
            Log.ProbeFailed(_logger, target.Id, pg.Member.Endpoint, result.Reason, result.Detail);
        }

        return result;
    }

    private async Task<ProbeResult> QueryAsync(PostgresProbeTarget target, ProbeClock clock, CancellationToken ct)
    {
        var member = target.Member;
        var seconds = (int)Math.Clamp(Math.Ceiling(target.Timeout.TotalSeconds), 1, 3600);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = member.Endpoint.Host,
            Port = member.Endpoint.Port,
            Database = member.Database,
            Username = member.User,
            Password = secrets.Resolve(member.Password),
            Pooling = false,
            Timeout = seconds,
            CommandTimeout = seconds,
            ApplicationName = "failover-probe",
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1, pg_is_in_recovery()", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.GetInt32(0) != 1)
        {
            return clock.Fail(target, ProbeFailureReason.Error, "SELECT 1 returned no row");
        }

        var role = reader.GetBoolean(1) ? DatabaseRole.Standby : DatabaseRole.Primary;
        if (target.ExpectedRole is { } expected && expected != DatabaseRole.Unknown && expected != role)
        {
            return clock.Fail(target, ProbeFailureReason.Role, $"is {Name(role)}, expected {Name(expected)}");
        }

        return clock.Ok(target, $"role={Name(role)}");
    }

    private static string Name(DatabaseRole role) => role == DatabaseRole.Primary ? "primary" : "standby";

    private static ProbeFailureReason Classify(string sqlState) => sqlState switch
    {
        "28P01" or "28000" => ProbeFailureReason.Auth,
        // cannot_connect_now (starting up / shutting down / recovery not yet consistent), too_many_connections, admin_shutdown.
        "57P03" or "53300" or "57P01" or "57P02" => ProbeFailureReason.Unavailable,
        _ => ProbeFailureReason.Error,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 4421, Level = LogLevel.Debug, Message = "PostgreSQL probe {TargetId} ({Endpoint}) failed: {Reason} {Detail}")]
        public static partial void ProbeFailed(ILogger logger, string targetId, Failover.Core.Topology.HostEndpoint endpoint, ProbeFailureReason reason, string? detail);
    }
}
