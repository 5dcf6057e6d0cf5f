using Failover.Core.Replication;
using Failover.Core.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Postgres;

/// <summary>Builds the PostgreSQL replication control (hosts register it with <see cref="PostgresServiceCollectionExtensions.AddFailoverPostgres"/>).</summary>
public static class PostgresReplication
{
    /// <summary>Creates the adapter; <paramref name="options"/> are validated here (fail fast, naming the setting).</summary>
    public static IReplicationControl Create(
        ISecretResolver secrets, PostgresReplicationOptions? options = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        options ??= new PostgresReplicationOptions();
        options.Validate();
        timeProvider ??= TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Failover.Postgres");
        var sessions = new MemberSessions(secrets, options, timeProvider);
        var writability = new Writability(sessions, timeProvider);
        var observer = new MemberObserver(sessions, timeProvider, logger);
        var fencer = new MemberFencer(sessions, writability, logger);
        var promoter = new MemberPromoter(sessions, timeProvider, logger);
        var switchover = new SwitchoverCoordinator(observer, fencer, promoter, sessions, timeProvider, logger);
        return new NpgsqlReplicationControl(observer, promoter, fencer, switchover);
    }
}
