using Failover.Core;
using Failover.Core.Decisions;
using Failover.Core.Engine;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Failover.Postgres.Tests;

/// <summary>What the observation reports for the data-loss quote: flushed positions and sync_state, on a real cluster.</summary>
public class AcknowledgedPositionTests
{
    [Fact]
    public async Task Observe_QuorumStandbyWithDelayedReplay_ReportsFlushAndSyncState_AndAnIdlePrimaryQuotesZeroLag()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 2);
        var delayed = cluster.Standbys[1];
        await delayed.ExecuteAsync("ALTER SYSTEM SET recovery_min_apply_delay = '1h'");
        await delayed.ExecuteAsync("SELECT pg_reload_conf()");
        await cluster.Primary.ExecuteAsync("ALTER SYSTEM SET synchronous_standby_names = 'ANY 1 (standby1, standby2)'");
        await cluster.Primary.ExecuteAsync("SELECT pg_reload_conf()");
        await PostgresInstance.WaitUntilAsync(
            async () => await cluster.Primary.ScalarAsync<long>("SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'quorum'", "postgres") == 2,
            TimeSpan.FromSeconds(30),
            "both standbys in the quorum");

        // One commit, acknowledged once a standby flushed it; then nothing for an hour (the observer's clock).
        await cluster.Primary.ExecuteAsync("CREATE TABLE quiet (id int); INSERT INTO quiet VALUES (1)");
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddHours(1));
        var control = PostgresReplication.Create(new EnvironmentAndFileSecretResolver(), new PostgresReplicationOptions(), time);
        MemberObservation primary = null!, standby = null!;
        var cache = new ObservationCache();
        await PostgresInstance.WaitUntilAsync(
            async () =>
            {
                primary = await control.ObserveAsync(cluster.Member(cluster.Primary), CancellationToken.None);
                standby = await control.ObserveAsync(cluster.Member(delayed), CancellationToken.None);
                var other = await control.ObserveAsync(cluster.Member(cluster.Standbys[0]), CancellationToken.None);
                cache = new ObservationCache();
                foreach (var seen in new[] { primary, standby, other })
                {
                    cache.Record(seen, cluster.Primary.Name);
                }

                return standby.ReceiveLsn >= primary.CurrentLsn && primary.Replicas.All(r => r.Positions.Flush >= primary.CurrentLsn);
            },
            TimeSpan.FromSeconds(30),
            "the idle primary's WAL flushed by both standbys");

        primary.Replicas.Select(r => (r.ApplicationName, r.State, r.SyncState)).Should().Equal(("standby1", "streaming", "quorum"), ("standby2", "streaming", "quorum"));
        standby.ReceiveLsn.Should().Be(primary.CurrentLsn, "the delayed standby flushed everything");
        (standby.ReplayLsn < standby.ReceiveLsn).Should().BeTrue("its replay waits an hour before applying the commit");

        var quote = DataLossQuoter.Quote(Service(cluster), Policy, cluster.Primary.Name, delayed.Name, cache);

        quote.LagBytes.Should().Be(0, quote.Basis);
        quote.LagTime.Should().Be(TimeSpan.Zero, "a standby at the primary's position is 0 s behind, however quiet the primary");
        quote.WithinBudget.Should().BeTrue(quote.Basis);
    }

    private static readonly Policy Policy = new(
        "default", true, new DetectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, 3, 2), new QuorumPolicy(null), TimeSpan.FromMinutes(30), 0.5,
        new ApprovalPolicy(true, TimeSpan.FromMinutes(15), false));

    private static Service Service(PostgresCluster cluster) => new(
        "ent-test", "ENT", cluster.Primary.Name, cluster.Standbys.Select(s => s.Name).ToList(), "default", 1,
        new DatabaseSpec(cluster.Database, "postgres", cluster.SuperuserSecret, ReplicationMode.Sync, new RpoBudget(null, TimeSpan.FromSeconds(5))),
        new HealthSpec(null), [], new TrafficSpec("edge", "ent.example.", TimeSpan.FromSeconds(30)), new ServiceTargets(TimeSpan.FromMinutes(1), TimeSpan.Zero));
}
