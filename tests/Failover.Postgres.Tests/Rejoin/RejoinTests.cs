using Failover.Core;
using Failover.Core.Replication;
using Failover.Postgres.Rejoin;
using Failover.Testing;

namespace Failover.Postgres.Tests.Rejoin;

public class RejoinTests
{
    [Fact]
    public async Task Rejoin_OldPrimaryAfterFailoverWithDivergedWrites_RewindsAndStreamsFromNewPrimary()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 1);
        var (old, promoted) = (cluster.Primary, cluster.Standbys[0]);
        var control = Adapter.Create();
        await old.ExecuteAsync("CREATE TABLE grades (id int PRIMARY KEY)");
        await old.ExecuteAsync("INSERT INTO grades SELECT generate_series(1, 100)");
        await PostgresCluster.WaitForReplayAsync(old, promoted);

        // The standby is cut off and promoted while the old primary still writes: their histories diverge.
        await promoted.StopWalReceiverAsync();
        await old.ExecuteAsync("INSERT INTO grades SELECT generate_series(101, 2100)");
        await old.KillAsync();
        (await control.PromoteAsync(new PromotionRequest(cluster.Member(promoted), new Epoch(2), null, null, TimeSpan.FromSeconds(30)), CancellationToken.None))
            .Promoted.Should().BeTrue();
        await promoted.ExecuteAsync("INSERT INTO grades VALUES (5000)");

        var rejoin = new PostgresRejoin(cluster.Programs, new EnvironmentAndFileSecretResolver(), TimeProvider.System);
        var result = await rejoin.RejoinAsync(
            new RejoinRequest(old.DataDirectory, cluster.Member(promoted), "primary", old.ServerOptions, old.LogFile, TimeSpan.FromSeconds(60)),
            CancellationToken.None);

        result.Succeeded.Should().BeTrue(result.Detail + "\n" + old.TailOfLog());
        result.Path.Should().Be(RejoinPath.Rewind, result.Detail);
        result.DivergedAt.Should().NotBeNull();
        result.DiscardedWalBytes.Should().BeGreaterThan(50_000, "2000 rows written only on the old timeline were discarded");
        result.Streaming.Should().BeTrue();
        result.DivergedWalCopy.Should().NotBeNull("the diverged writes are kept for a human before pg_rewind discards them");
        var dump = await cluster.Programs.RunAsync("pg_waldump", ["--path", result.DivergedWalCopy!, "--start", result.DivergedAt!.Value.ToString(), "--timeline", "1", "--rmgr", "Heap"], TimeSpan.FromSeconds(30), CancellationToken.None);
        dump.StandardOutput.Should().Contain("INSERT", $"pg_waldump reads the old-only inserts from the copy ({dump.Summary})");
        var seen = await control.ObserveAsync(cluster.Member(old), CancellationToken.None);
        seen.Role.Should().Be(DatabaseRole.Standby);
        seen.Timeline.Should().Be(2);
        await promoted.ExecuteAsync("INSERT INTO grades VALUES (5001)");
        await PostgresCluster.WaitForReplayAsync(promoted, old);
        (await old.ScalarAsync<long>("SELECT count(*) FROM grades")).Should().Be(102, "the old-only rows are gone and the new primary's rows arrived");
    }

    [Fact]
    public async Task Rejoin_WhenRewindIsImpossible_FallsBackToBaseBackup()
    {
        await using var cluster = await PostgresCluster.StartAsync(standbys: 1);
        var (old, promoted) = (cluster.Primary, cluster.Standbys[0]);
        var control = Adapter.Create();
        (await control.PromoteAsync(new PromotionRequest(cluster.Member(promoted), new Epoch(2), null, null, TimeSpan.FromSeconds(30)), CancellationToken.None))
            .Promoted.Should().BeTrue();
        await old.StopAsync();
        // Without wal_log_hints (or checksums) pg_rewind refuses the target.
        await File.AppendAllTextAsync(Path.Combine(old.DataDirectory, "postgresql.conf"), "wal_log_hints = off\n");
        await old.StartAsync();
        await old.StopAsync();

        var rejoin = new PostgresRejoin(cluster.Programs, new EnvironmentAndFileSecretResolver(), TimeProvider.System);
        var result = await rejoin.RejoinAsync(
            new RejoinRequest(old.DataDirectory, cluster.Member(promoted), "primary", old.ServerOptions, old.LogFile, TimeSpan.FromSeconds(60)),
            CancellationToken.None);

        result.Succeeded.Should().BeTrue(result.Detail + "\n" + old.TailOfLog());
        result.Path.Should().Be(RejoinPath.BaseBackup);
        (await control.ObserveAsync(cluster.Member(old), CancellationToken.None)).Role.Should().Be(DatabaseRole.Standby);
    }
}
