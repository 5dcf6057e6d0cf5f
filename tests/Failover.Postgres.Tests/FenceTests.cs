using Failover.Core;
using Failover.Core.Replication;
using Failover.Testing;
using Npgsql;

namespace Failover.Postgres.Tests;

public class FenceTests
{
    [Fact]
    public async Task Fence_Primary_BlocksWritesAndApplicationLogins_AndUnfenceRestoresThem()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 0);
        var primary = cluster.Primary;
        var member = cluster.Member(primary);
        var control = Adapter.Create();
        await using var app = new NpgsqlConnection(primary.ApplicationConnectionString());
        await app.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE homework (id int)", app))
        {
            await create.ExecuteNonQueryAsync();
        }

        var fence = await control.FenceAsync(member, Epoch.Initial, CancellationToken.None);

        fence.Succeeded.Should().BeTrue(fence.Detail);
        fence.AlreadyInState.Should().BeFalse();
        fence.TerminatedSessions.Should().BeGreaterThanOrEqualTo(1, "the application's session was open");
        var oldSession = async () =>
        {
            await using var insert = new NpgsqlCommand("INSERT INTO homework VALUES (1)", app);
            await insert.ExecuteNonQueryAsync();
        };
        await oldSession.Should().ThrowAsync<Exception>("the application's session was terminated");
        var login = async () =>
        {
            await using var connection = new NpgsqlConnection(primary.ApplicationConnectionString());
            await connection.OpenAsync();
        };
        (await login.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.TooManyConnections);
        var superuserWrite = async () => await primary.ExecuteAsync("INSERT INTO homework VALUES (2)");
        (await superuserWrite.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.ReadOnlySqlTransaction);
        (await control.ObserveAsync(member, CancellationToken.None)).Fenced.Should().BeTrue();

        var again = await control.FenceAsync(member, Epoch.Initial, CancellationToken.None);
        again.Succeeded.Should().BeTrue(again.Detail);
        again.AlreadyInState.Should().BeTrue();

        var unfence = await control.UnfenceAsync(member, Epoch.Initial, CancellationToken.None);

        unfence.Succeeded.Should().BeTrue(unfence.Detail);
        await using var back = new NpgsqlConnection(primary.ApplicationConnectionString());
        await back.OpenAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO homework VALUES (3)", back))
        {
            (await insert.ExecuteNonQueryAsync()).Should().Be(1);
        }

        (await primary.ScalarAsync<int>("SELECT datconnlimit FROM pg_database WHERE datname = 'ent'")).Should().Be(-1);
        (await control.ObserveAsync(member, CancellationToken.None)).Fenced.Should().BeFalse();
        (await control.UnfenceAsync(member, Epoch.Initial, CancellationToken.None)).AlreadyInState.Should().BeTrue();
    }

    [Fact]
    public async Task Unfence_RestoresTheConnectionLimitSavedByTheFence()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 0);
        await cluster.Primary.ExecuteAsync("ALTER DATABASE ent CONNECTION LIMIT 25", "postgres");
        var control = Adapter.Create();
        var member = cluster.Member(cluster.Primary);

        (await control.FenceAsync(member, Epoch.Initial, CancellationToken.None)).Succeeded.Should().BeTrue();
        (await cluster.Primary.ScalarAsync<int>("SELECT datconnlimit FROM pg_database WHERE datname = 'ent'")).Should().Be(0);
        (await control.UnfenceAsync(member, Epoch.Initial, CancellationToken.None)).Succeeded.Should().BeTrue();

        (await cluster.Primary.ScalarAsync<int>("SELECT datconnlimit FROM pg_database WHERE datname = 'ent'")).Should().Be(25);
    }

    [Fact]
    public async Task Unfence_ByLaterEpochThanTheFence_IsRefusedUntilFencedAgainUnderThatEpoch()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 0);
        var control = Adapter.Create();
        var member = cluster.Member(cluster.Primary);
        (await control.FenceAsync(member, new Epoch(3), CancellationToken.None)).Succeeded.Should().BeTrue();

        // Epoch 4 exists: somewhere a standby may have been promoted after this member was fenced under epoch 3.
        var refused = await control.UnfenceAsync(member, new Epoch(4), CancellationToken.None);

        refused.Succeeded.Should().BeFalse();
        refused.Failure.Should().Be(ReplicationFailure.FencedUnderEarlierEpoch);
        var write = async () => await cluster.Primary.ExecuteAsync("CREATE TABLE still_fenced (id int)");
        await write.Should().ThrowAsync<Npgsql.PostgresException>();
        (await control.FenceAsync(member, new Epoch(4), CancellationToken.None)).AlreadyInState.Should().BeTrue();
        (await control.UnfenceAsync(member, new Epoch(4), CancellationToken.None)).Succeeded.Should().BeTrue();
        await cluster.Primary.ExecuteAsync("CREATE TABLE unfenced (id int)");
    }

    [Fact]
    public async Task Fence_Standby_IsRefusedAsNotPrimary()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 1);

        var result = await Adapter.Create().FenceAsync(cluster.Member(cluster.Standbys[0]), Epoch.Initial, CancellationToken.None);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().Be(ReplicationFailure.NotPrimary);
    }

    [Fact]
    public async Task Fence_UnreachablePrimary_IsAResultNotAnException()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 0);
        await cluster.Primary.KillAsync();

        var result = await Adapter.Create(new PostgresReplicationOptions { ConnectRetries = 0 })
            .FenceAsync(cluster.Member(cluster.Primary), Epoch.Initial, CancellationToken.None);

        result.Succeeded.Should().BeFalse();
        result.Failure.Should().Be(ReplicationFailure.Unreachable);
    }
}
