using Failover.Core.Replication;

namespace Failover.Postgres.Tests;

/// <summary>The adapter under test, built as a host would build it.</summary>
internal static class Adapter
{
    public static IReplicationControl Create(PostgresReplicationOptions? options = null) =>
        PostgresReplication.Create(new EnvironmentAndFileSecretResolver(), options ?? new PostgresReplicationOptions());
}
