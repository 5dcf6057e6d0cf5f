using System.Collections.Concurrent;
using Failover.Core;
using Failover.Core.Replication;
using Failover.Testing;
using Npgsql;

namespace Failover.Postgres.Tests;

public class SwitchoverTests
{
    [Fact]
    public async Task Switchover_WhileWriterInserts_EveryAcknowledgedInsertIsOnTheNewPrimary()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 1);
        var (primary, standby) = (cluster.Primary, cluster.Standbys[0]);
        await primary.ExecuteAsync("CREATE TABLE homework (id bigint PRIMARY KEY, body text); GRANT ALL ON homework TO ent_app");
        var control = Adapter.Create();
        var acknowledged = new ConcurrentBag<long>();
        var refused = 0;
        using var stop = new CancellationTokenSource();

        // The writer always writes to the old primary, as an application would until traffic moves.
        var writer = Task.Run(async () =>
        {
            var next = 0L;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await using var connection = new NpgsqlConnection(primary.ApplicationConnectionString());
                    await connection.OpenAsync();
                    while (!stop.IsCancellationRequested)
                    {
                        var id = Interlocked.Increment(ref next);
                        await using var insert = new NpgsqlCommand($"INSERT INTO homework VALUES ({id}, 'essay')", connection);
                        await insert.ExecuteNonQueryAsync();
                        acknowledged.Add(id);
                    }
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
                {
                    Interlocked.Increment(ref refused);
                    await Task.Delay(5);
                }
            }
        });
        await PostgresInstance.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 200), TimeSpan.FromSeconds(20), "the writer to get going");

        var result = await control.SwitchoverAsync(
            new SwitchoverRequest(cluster.Member(primary), cluster.Member(standby), new Epoch(2), null, TimeSpan.FromSeconds(20)), CancellationToken.None);
        await Task.Delay(200);
        await stop.CancelAsync();
        await writer;

        result.Completed.Should().BeTrue(result.Detail);
        result.Promotion!.DataLossBytes.Should().Be(0);
        result.OldPrimaryUnfenced.Should().BeFalse();
        refused.Should().BeGreaterThan(0, "the writer kept trying against the fenced primary");
        var onNewPrimary = (await standby.ScalarAsync<long[]>("SELECT coalesce(array_agg(id), '{}') FROM homework")).ToHashSet();
        acknowledged.Should().NotBeEmpty();
        acknowledged.Where(id => !onNewPrimary.Contains(id)).Should().BeEmpty("every acknowledged insert must survive a switchover");
        (await control.ObserveAsync(cluster.Member(primary), CancellationToken.None)).Fenced.Should().BeTrue("the old primary stays fenced");
        await using var app = new NpgsqlConnection(standby.ApplicationConnectionString());
        await app.OpenAsync();
        await using var write = new NpgsqlCommand("INSERT INTO homework VALUES (-1, 'on the new primary')", app);
        (await write.ExecuteNonQueryAsync()).Should().Be(1, "the application can log in and write on the new primary");
    }

    [Fact]
    public async Task Switchover_TargetCannotCatchUp_UnfencesOldPrimaryAndNeverPromotes()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 1);
        var (primary, standby) = (cluster.Primary, cluster.Standbys[0]);
        await standby.StopWalReceiverAsync();
        await primary.ExecuteAsync("CREATE TABLE homework (id int)");
        var control = Adapter.Create();

        var result = await control.SwitchoverAsync(
            new SwitchoverRequest(cluster.Member(primary), cluster.Member(standby), new Epoch(2), null, TimeSpan.FromMilliseconds(500)), CancellationToken.None);

        result.Completed.Should().BeFalse();
        result.Failure.Should().Be(ReplicationFailure.Behind);
        result.OldPrimaryUnfenced.Should().BeTrue();
        result.Promotion.Should().BeNull();
        (await standby.ScalarAsync<bool>("SELECT pg_is_in_recovery()")).Should().BeTrue("a standby that is behind is never promoted");
        await primary.ExecuteAsync("INSERT INTO homework VALUES (1)");
    }

    [Fact]
    public async Task Switchover_BeforePromoteRunsOnceTheTargetCaughtUp_ARefusalUnfencesTheOldPrimaryAndNeverPromotes()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 1);
        var (primary, standby) = (cluster.Primary, cluster.Standbys[0]);
        await primary.ExecuteAsync("CREATE TABLE homework (id int); INSERT INTO homework VALUES (1)");
        var control = Adapter.Create();
        bool? primaryFencedThen = null;
        bool? targetInRecoveryThen = null;

        var result = await control.SwitchoverAsync(
            new SwitchoverRequest(cluster.Member(primary), cluster.Member(standby), new Epoch(2), null, TimeSpan.FromSeconds(20))
            {
                BeforePromote = async ct =>
                {
                    primaryFencedThen = (await control.ObserveAsync(cluster.Member(primary), ct)).Fenced;
                    targetInRecoveryThen = await standby.ScalarAsync<bool>("SELECT pg_is_in_recovery()", cancellationToken: ct);
                    return "the target's agent did not take the lease";
                },
            },
            CancellationToken.None);

        primaryFencedThen.Should().BeTrue("the hook runs after the primary was fenced and the target caught up");
        targetInRecoveryThen.Should().BeTrue("and before the promotion");
        result.Completed.Should().BeFalse();
        result.Detail.Should().Contain("the target's agent did not take the lease");
        result.OldPrimaryUnfenced.Should().BeTrue();
        (await standby.ScalarAsync<bool>("SELECT pg_is_in_recovery()")).Should().BeTrue("a refused hook never promotes");
        await primary.ExecuteAsync("INSERT INTO homework VALUES (2)");
    }

    [Fact]
    public async Task Switchover_TargetOfStaleEpoch_IsRefusedBeforeFencing()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 2);
        var control = Adapter.Create();
        // Under epoch 3, standby2 was promoted elsewhere; a controller still at epoch 2 tries a switchover to it.
        (await control.PromoteAsync(new PromotionRequest(cluster.Member(cluster.Standbys[1]), new Epoch(3), null, null, TimeSpan.FromSeconds(30)), CancellationToken.None))
            .Promoted.Should().BeTrue();

        var result = await control.SwitchoverAsync(
            new SwitchoverRequest(cluster.Member(cluster.Primary), cluster.Member(cluster.Standbys[1]), new Epoch(2), null, TimeSpan.FromSeconds(5)), CancellationToken.None);

        result.Completed.Should().BeFalse();
        result.Failure.Should().Be(ReplicationFailure.NotInRecovery);
        (await control.ObserveAsync(cluster.Member(cluster.Primary), CancellationToken.None)).Fenced.Should().BeFalse("nothing was touched");
    }
}
