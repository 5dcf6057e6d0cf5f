using Failover.Core;
using Failover.Core.Replication;
using Failover.Testing;
using Npgsql;

namespace Failover.Postgres.Tests;

public class PromoteTests
{
    private static readonly TimeSpan PromoteTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Promote_AfterKill9OfPrimary_IsWritableOnNewTimelineAndLossEstimateMatchesMissingRows()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 1);
        var (primary, standby) = (cluster.Primary, cluster.Standbys[0]);
        var control = Adapter.Create();
        await primary.ExecuteAsync("CREATE TABLE grades (id int PRIMARY KEY, pupil text, grade int)");
        await primary.ExecuteAsync("INSERT INTO grades SELECT g, 'pupil ' || g, g % 20 FROM generate_series(1, 100) g");
        await PostgresCluster.WaitForReplayAsync(primary, standby);
        var systemIdentifier = (await control.ObserveAsync(cluster.Member(primary), CancellationToken.None)).SystemIdentifier;

        // The standby stops receiving; the primary goes on acknowledging commits, each one logging the LSN right after it.
        await standby.StopWalReceiverAsync();
        var acknowledged = new List<(int Id, Lsn After)>();
        await using (var connection = new NpgsqlConnection(primary.ConnectionString()))
        {
            await connection.OpenAsync();
            for (var id = 101; id <= 150; id++)
            {
                await using var insert = new NpgsqlCommand($"INSERT INTO grades VALUES ({id}, 'pupil {id}', 12)", connection);
                await insert.ExecuteNonQueryAsync();
                await using var lsn = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", connection);
                acknowledged.Add((id, Lsn.Parse((string)(await lsn.ExecuteScalarAsync())!)));
            }
        }

        var lastKnown = (await control.ObserveAsync(cluster.Member(primary), CancellationToken.None)).CurrentLsn;
        await primary.KillAsync();

        var result = await control.PromoteAsync(
            new PromotionRequest(cluster.Member(standby), new Epoch(2), systemIdentifier, lastKnown, PromoteTimeout), CancellationToken.None);

        result.Promoted.Should().BeTrue(result.Detail);
        result.NewTimeline.Should().Be(2);
        result.PromotedAtLsn.Should().NotBeNull();
        var present = (await standby.ScalarAsync<int[]>("SELECT array_agg(id ORDER BY id) FROM grades")).ToHashSet();
        var missing = acknowledged.Where(r => !present.Contains(r.Id)).Select(r => r.Id).ToList();
        missing.Should().HaveCount(50, "no row written after the receiver stopped reached the standby");
        result.DataLossBytes.Should().Be(lastKnown!.Value.BytesAfter(result.PromotedAtLsn!.Value));

        // The estimate, read as "everything after LSN (last known - loss) is gone", names exactly the rows that are missing.
        var lostFrom = new Lsn(lastKnown.Value.Value - (ulong)result.DataLossBytes!.Value);
        var predicted = acknowledged.Where(r => r.After > lostFrom).Select(r => r.Id).ToList();
        predicted.Should().Equal(missing);

        await standby.ExecuteAsync("INSERT INTO grades VALUES (1000, 'after failover', 15)");
        var observed = await control.ObserveAsync(cluster.Member(standby), CancellationToken.None);
        observed.Role.Should().Be(DatabaseRole.Primary);
        observed.Timeline.Should().Be(2);
        observed.Epoch.Should().Be(new Epoch(2));
        (await standby.ScalarAsync<long>("SELECT count(*) FROM failover.promotions WHERE epoch = 2 AND timeline = 2")).Should().Be(1);
    }

    [Fact]
    public async Task Promote_StandbyOfOtherCluster_IsRefused()
    {
        await using var service = await PostgresCluster.StartAsync(standbys: 0);
        await using var other = await PostgresCluster.StartAsync(standbys: 1, uniqueSystemIdentifier: true, CancellationToken.None);
        var control = Adapter.Create();
        var expected = (await control.ObserveAsync(service.Member(service.Primary), CancellationToken.None)).SystemIdentifier;
        var stranger = other.Member(other.Standbys[0]);

        var result = await control.PromoteAsync(new PromotionRequest(stranger, new Epoch(2), expected, null, PromoteTimeout), CancellationToken.None);

        result.Promoted.Should().BeFalse();
        result.Failure.Should().Be(ReplicationFailure.WrongSystemIdentifier);
        (await control.ObserveAsync(stranger, CancellationToken.None)).Role.Should().Be(DatabaseRole.Standby);
    }

    [Fact]
    public async Task Promote_StaleEpoch_IsRefusedByTheMemberEvenFromAnotherController()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 1);
        var standby = cluster.Member(cluster.Standbys[0]);

        // Controller A promotes the standby under epoch 5; the member records that epoch in its own configuration.
        var a = Adapter.Create();
        var first = await a.PromoteAsync(new PromotionRequest(standby, new Epoch(5), null, null, PromoteTimeout), CancellationToken.None);
        first.Promoted.Should().BeTrue(first.Detail);

        // Controller B, a separate instance with no shared memory with A, still believes the epoch is 4.
        var b = Adapter.Create();
        var unfence = await b.UnfenceAsync(standby, new Epoch(4), CancellationToken.None);
        var fence = await b.FenceAsync(standby, new Epoch(4), CancellationToken.None);

        unfence.Failure.Should().Be(ReplicationFailure.StaleEpoch);
        fence.Failure.Should().Be(ReplicationFailure.StaleEpoch);
        (await b.ObserveAsync(standby, CancellationToken.None)).Epoch.Should().Be(new Epoch(5));
    }

    [Fact]
    public async Task Promote_StaleEpochOnStandby_IsRefusedAndStandbyStaysInRecovery()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 1);
        var standby = cluster.Standbys[0];
        // The standby has acted under epoch 7 (recorded by an earlier controller on the member itself).
        await using (var connection = new NpgsqlConnection(standby.ConnectionString()))
        {
            await connection.OpenAsync();
            foreach (var sql in new[] { "SELECT set_config('failover.epoch', '', false)", "ALTER SYSTEM SET failover.epoch = '7'" })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        var control = Adapter.Create();
        var result = await control.PromoteAsync(new PromotionRequest(cluster.Member(standby), new Epoch(6), null, null, PromoteTimeout), CancellationToken.None);

        result.Promoted.Should().BeFalse();
        result.Failure.Should().Be(ReplicationFailure.StaleEpoch);
        result.Detail.Should().Contain("epoch 7");
        (await standby.ScalarAsync<bool>("SELECT pg_is_in_recovery()")).Should().BeTrue();
    }

    [Fact]
    public async Task Promote_Primary_IsRefusedAsNotInRecovery_ButARetryUnderTheSameEpochIsIdempotent()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 1);
        var control = Adapter.Create();

        var onPrimary = await control.PromoteAsync(new PromotionRequest(cluster.Member(cluster.Primary), new Epoch(2), null, null, PromoteTimeout), CancellationToken.None);
        var promoted = await control.PromoteAsync(new PromotionRequest(cluster.Member(cluster.Standbys[0]), new Epoch(2), null, null, PromoteTimeout), CancellationToken.None);
        var retried = await control.PromoteAsync(new PromotionRequest(cluster.Member(cluster.Standbys[0]), new Epoch(2), null, null, PromoteTimeout), CancellationToken.None);

        onPrimary.Failure.Should().Be(ReplicationFailure.NotInRecovery);
        promoted.Promoted.Should().BeTrue(promoted.Detail);
        retried.Promoted.Should().BeTrue(retried.Detail);
        retried.Detail.Should().Contain("already promoted");
    }
}
