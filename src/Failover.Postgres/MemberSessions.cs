using System.Net.Sockets;
using Failover.Core.Replication;
using Failover.Core.Secrets;
using Npgsql;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Failover.Postgres;

/// <summary>Opens unpooled connections to members through a Polly pipeline (per-attempt timeout, bounded retries).</summary>
internal sealed class MemberSessions
{
    private readonly ISecretResolver _secrets;
    private readonly PostgresReplicationOptions _options;
    private readonly ResiliencePipeline _connectPipeline;
    private readonly ResiliencePipeline _readPipeline;

    public MemberSessions(ISecretResolver secrets, PostgresReplicationOptions options, TimeProvider timeProvider)
    {
        _secrets = secrets;
        _options = options;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.ConnectRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<TimeoutRejectedException>().Handle<NpgsqlException>(IsTransient),
                MaxRetryAttempts = options.ConnectRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
            });
        }

        _connectPipeline = builder.AddTimeout(options.ConnectTimeout).Build();

        // A whole read-only observation is retried once when the connection broke mid-exchange (connection attempts
        // themselves are already retried by the connect pipeline).
        var read = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.ConnectRetries > 0)
        {
            read.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(e => e.InnerException is IOException or EndOfStreamException
                    || (e is PostgresException pg && pg.SqlState is PostgresErrorCodes.AdminShutdown)),
                MaxRetryAttempts = 1,
                Delay = options.RetryDelay,
                UseJitter = false,
            });
        }

        _readPipeline = read.AddTimeout(options.ConnectTimeout * (options.ConnectRetries + 1) + options.CommandTimeout).Build();
    }

    /// <summary>Runs a read-only exchange with a member under the read pipeline (per-attempt timeout, one retry).</summary>
    public ValueTask<T> ReadAsync<T>(Func<CancellationToken, ValueTask<T>> read, CancellationToken cancellationToken) =>
        _readPipeline.ExecuteAsync(read, cancellationToken);

    public PostgresReplicationOptions Options => _options;

    /// <summary>Opens a session; throws on failure (callers turn exceptions into results with <see cref="Classify"/>).</summary>
    public async Task<NpgsqlConnection> OpenAsync(DatabaseMember member, SessionKind kind, CancellationToken cancellationToken)
    {
        var connectionString = BuildConnectionString(member, kind);
        return await _connectPipeline.ExecuteAsync(
            async token =>
            {
                var connection = new NpgsqlConnection(connectionString);
                try
                {
                    await connection.OpenAsync(token);
                    if (kind == SessionKind.Control)
                    {
                        // Our session must be able to write on a fenced primary, and must not hang on a missing sync standby.
                        await using var setup = new NpgsqlCommand(
                            "SET default_transaction_read_only = off; SET synchronous_commit = local; SET lock_timeout = '5s'", connection);
                        await setup.ExecuteNonQueryAsync(token);
                    }

                    return connection;
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
            },
            cancellationToken);
    }

    private string BuildConnectionString(DatabaseMember member, SessionKind kind) =>
        MemberConnectionString.For(member, _secrets)
            .Timeouts(_options.ConnectTimeout, _options.CommandTimeout)
            .ApplicationName(kind == SessionKind.Control ? "failover-control" : "failover-verify")
            .Value;

    private static bool IsTransient(NpgsqlException e) =>
        e is PostgresException pg ? pg.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections : e.IsTransient;

    /// <summary>Turns an exception of a remote call into a failure kind and a detail that never contains a secret.</summary>
    public static (ReplicationFailure Failure, string Detail) Classify(Exception exception, CancellationToken callerToken)
    {
        switch (exception)
        {
            case TimeoutRejectedException:
                return (ReplicationFailure.Timeout, "the server did not answer in time");
            case OperationCanceledException when !callerToken.IsCancellationRequested:
                return (ReplicationFailure.Timeout, "the server did not answer in time");
            case SecretUnavailableException secret:
                return (ReplicationFailure.Authentication, secret.Message);
            case PostgresException pg when pg.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification:
                return (ReplicationFailure.Authentication, $"authentication refused ({pg.SqlState})");
            case PostgresException pg when pg.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown
                or PostgresErrorCodes.CrashShutdown:
                return (ReplicationFailure.Unreachable, $"{pg.MessageText} ({pg.SqlState})");
            case PostgresException pg:
                return (ReplicationFailure.Error, $"{pg.MessageText} ({pg.SqlState})");
            case NpgsqlException { InnerException: TimeoutException }:
                return (ReplicationFailure.Timeout, "the server did not answer in time");
            case NpgsqlException { InnerException: SocketException socket }:
                return (ReplicationFailure.Unreachable, $"connection failed: {socket.SocketErrorCode}");
            case NpgsqlException { InnerException: IOException or EndOfStreamException }:
                return (ReplicationFailure.Unreachable, "the connection was closed by the server");
            case NpgsqlException npgsql:
                return (ReplicationFailure.Unreachable, npgsql.Message);
            case SocketException socket:
                return (ReplicationFailure.Unreachable, $"connection failed: {socket.SocketErrorCode}");
            default:
                return (ReplicationFailure.Error, exception.GetType().Name + ": " + exception.Message);
        }
    }
}
