using Failover.Core;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Testing;
using Npgsql;

namespace Failover.Postgres.Tests;

public class ObserveTests
{
    [Fact]
    public async Task Observe_PrimaryAndStreamingStandby_ReportsRolesPositionsAndSlots()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 1);
        var control = Adapter.Create();

        var primary = await control.ObserveAsync(cluster.Member(cluster.Primary), CancellationToken.None);
        var standby = await control.ObserveAsync(cluster.Member(cluster.Standbys[0]), CancellationToken.None);

        primary.Reachable.Should().BeTrue(primary.FailureDetail);
        primary.Role.Should().Be(DatabaseRole.Primary);
        primary.Timeline.Should().Be(1);
        primary.CurrentLsn.Should().NotBeNull();
        primary.Fenced.Should().BeFalse();
        primary.Replicas.Should().ContainSingle(r => r.ApplicationName == "standby1" && r.State == "streaming" && r.SyncState == "async");
        primary.Slots.Should().ContainSingle(s => s.Name == "standby1" && s.Active);
        standby.Reachable.Should().BeTrue(standby.FailureDetail);
        standby.Role.Should().Be(DatabaseRole.Standby);
        standby.SystemIdentifier.Should().Be(primary.SystemIdentifier);
        standby.WalReceiverStreaming.Should().BeTrue();
        standby.ReplayLsn.Should().NotBeNull();
        standby.Timeline.Should().Be(1);
    }

    [Fact]
    public async Task Observe_UnderWriteLoadAndAfterWalReceiverStops_ReportsGrowingLag()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 1);
        var control = Adapter.Create();
        var standby = cluster.Standbys[0];
        await cluster.Primary.ExecuteAsync("CREATE TABLE load (id bigserial PRIMARY KEY, body text)");

        // Under load: lag is measured by the primary (bytes and replay_lag) while the standby keeps up by streaming.
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(cluster.Primary.ConnectionString());
            await connection.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                await using var insert = new NpgsqlCommand("INSERT INTO load (body) SELECT repeat('x', 500) FROM generate_series(1, 200)", connection);
                await insert.ExecuteNonQueryAsync();
            }
        });
        MemberObservation? underLoad = null;
        await PostgresInstance.WaitUntilAsync(
            async () =>
            {
                underLoad = await control.ObserveAsync(cluster.Member(cluster.Primary), CancellationToken.None);
                return underLoad.Replicas.Any(r => r.ReplayLag is not null);
            },
            TimeSpan.FromSeconds(20),
            "the primary to report a replay lag");
        await stop.CancelAsync();
        await writer;
        underLoad!.Replicas.Should().ContainSingle().Which.ApplicationName.Should().Be("standby1");

        // WAL receiver stopped: the standby says it no longer streams, and the primary's position runs ahead of its replay.
        await standby.StopWalReceiverAsync();
        MemberObservation before = null!;
        await PostgresInstance.WaitUntilAsync(
            async () =>
            {
                before = await control.ObserveAsync(cluster.Member(standby), CancellationToken.None);
                return before.ReplayLsn >= before.ReceiveLsn;
            },
            TimeSpan.FromSeconds(20),
            "the standby to replay what it received");
        await cluster.Primary.ExecuteAsync("INSERT INTO load (body) SELECT repeat('y', 1000) FROM generate_series(1, 2000)");
        MemberObservation primary = null!;
        await PostgresInstance.WaitUntilAsync(
            async () =>
            {
                primary = await control.ObserveAsync(cluster.Member(cluster.Primary), CancellationToken.None);
                return primary.Replicas.Count == 0;
            },
            TimeSpan.FromSeconds(20),
            "the primary's WAL sender to go away");
        var after = await control.ObserveAsync(cluster.Member(standby), CancellationToken.None);

        after.WalReceiverStreaming.Should().BeFalse();
        after.ReplayLsn.Should().Be(before.ReplayLsn, "nothing new arrives once the receiver is stopped");
        primary.Slots.Should().ContainSingle(s => s.Name == "standby1" && !s.Active);
        primary.CurrentLsn!.Value.BytesAfter(after.ReplayLsn!.Value).Should().BeGreaterThan(2_000_000, "2000 rows of 1 kB were written since");
    }

    [Fact]
    public async Task Observe_StoppedServer_IsUnreachableResult()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 0);
        var control = Adapter.Create(new PostgresReplicationOptions { ConnectRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(10) });
        await cluster.Primary.KillAsync();

        var seen = await control.ObserveAsync(cluster.Member(cluster.Primary), CancellationToken.None);

        seen.Reachable.Should().BeFalse();
        seen.Failure.Should().Be(ReplicationFailure.Unreachable);
        seen.Role.Should().Be(DatabaseRole.Unknown);
    }

    [Fact]
    public async Task Observe_WrongPassword_IsAuthenticationResultWithoutThePassword()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 0);
        var wrong = Path.Combine(cluster.RootDirectory, "wrong.secret");
        await File.WriteAllTextAsync(wrong, "not-the-password-s3cr3t");
        var member = cluster.Member(cluster.Primary) with { Password = new SecretReference(SecretSource.File, wrong) };

        var seen = await Adapter.Create().ObserveAsync(member, CancellationToken.None);

        seen.Failure.Should().Be(ReplicationFailure.Authentication);
        seen.FailureDetail.Should().NotContain("s3cr3t");
    }

    [Fact]
    public async Task Observe_MissingSecret_IsAuthenticationResultNamingTheReference()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 0);
        var member = cluster.Member(cluster.Primary) with { Password = new SecretReference(SecretSource.Environment, "FAILOVER_TEST_UNSET_VARIABLE") };

        var seen = await Adapter.Create().ObserveAsync(member, CancellationToken.None);

        seen.Failure.Should().Be(ReplicationFailure.Authentication);
        seen.FailureDetail.Should().Contain("env:FAILOVER_TEST_UNSET_VARIABLE");
    }

    [Fact]
    public void Options_NonPositiveTimeout_AreRejectedNamingTheSetting()
    {
        var act = () => PostgresReplication.Create(new EnvironmentAndFileSecretResolver(), new PostgresReplicationOptions { CommandTimeout = TimeSpan.Zero });

        act.Should().Throw<ArgumentException>().WithMessage("*CommandTimeout*");
        new Epoch(2).Should().BeGreaterThan(Epoch.Initial);
    }
}
