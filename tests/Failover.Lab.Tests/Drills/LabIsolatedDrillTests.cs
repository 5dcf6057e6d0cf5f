using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills;
using Failover.Drills.History;
using Failover.Lab.Processes;
using Failover.Testing;
using Npgsql;

namespace Failover.Lab.Tests.Drills;

/// <summary>Isolated drills against real PostgreSQL: what they prove, what they leave (nothing), and that production never notices.</summary>
public sealed class LabIsolatedDrillTests
{
    [Fact]
    public async Task IsolatedDrill_WithAWriterRunning_PassesWithoutTouchingProduction()
    {
        await using var lab = await DrillLab.StartAsync(new EngineOptions { MaxStepsPerTick = 1 });
        var routeBefore = await lab.Router.ReadAsync(DrillLab.Route, CancellationToken.None);
        var replayBefore = await ReplayLsnAsync(lab.Cluster.Standbys[0]);
        using var stopWriter = new CancellationTokenSource();
        var writer = WriteUntilStoppedAsync(lab.Cluster.Primary, stopWriter.Token);

        var requested = await lab.Engine.RequestAsync(DrillVariants.Request(DrillLab.ServiceId, DrillKind.Isolated, "alice"), CancellationToken.None);
        requested.Accepted.Should().BeTrue(requested.Message);
        int? copyPid = null;
        OperationRecord op;
        do
        {
            await lab.TickAsync();
            op = (await lab.Journal.GetOperationAsync(requested.OperationId!, CancellationToken.None))!;
            copyPid ??= lab.Sandbox.PostgresPid(op.Id);
        }
        while (op.Status.IsActive());
        stopWriter.Cancel();
        var (written, failed) = await writer;

        var report = DrillReportBuilder.Build(op, await lab.Journal.ReadEntriesAsync(op.Id, CancellationToken.None), lab.Estate.Service(DrillLab.ServiceId));
        op.Status.Should().Be(OperationStatus.Succeeded, op.Outcome.Summary);
        report.Passed.Should().BeTrue(string.Join("; ", report.Reasons));
        report.Steps.Should().OnlyContain(s => s.Succeeded);
        report.Freshness!.LagBytes.Should().BeGreaterThanOrEqualTo(0);
        report.AchievedRto.Should().BePositive();

        // No impact: the primary kept accepting writes, the standby kept streaming and replaying, the edge never moved.
        failed.Should().Be(0, "the primary accepts every write during the drill");
        written.Should().BeGreaterThan(0);
        (await lab.Cluster.Primary.ScalarAsync<bool>("SELECT pg_is_in_recovery()", "postgres")).Should().BeFalse();
        await PostgresCluster.WaitForStreamingAsync(lab.Cluster.Primary, lab.Cluster.Standbys[0].Name);
        await PostgresCluster.WaitForReplayAsync(lab.Cluster.Primary, lab.Cluster.Standbys[0]);
        (await ReplayLsnAsync(lab.Cluster.Standbys[0])).Should().BeGreaterThan(replayBefore, "the real standby replays the writes made during the drill");
        (await lab.Cluster.Standbys[0].ScalarAsync<bool>("SELECT pg_is_in_recovery()", "postgres")).Should().BeTrue("the real standby is never promoted");
        (await lab.Cluster.Primary.ScalarAsync<long>("SELECT count(*) FROM pg_stat_replication", "postgres")).Should().Be(1, "the copy never attached to the primary");
        (await lab.Router.ReadAsync(DrillLab.Route, CancellationToken.None)).Should().BeEquivalentTo(routeBefore, "traffic is never switched by a drill");
        lab.Engine.ServiceStates.Single().Epoch.Should().Be(Core.Epoch.Initial);

        // Nothing left.
        copyPid.Should().NotBeNull("the copy ran");
        ProcessTree.IsAlive(copyPid!.Value).Should().BeFalse("the cleanup stops the copy by pid");
        Directory.Exists(lab.Sandbox.DrillDirectory(op.Id)).Should().BeFalse();
    }

    [Fact]
    public async Task IsolatedDrill_CopyCannotStart_FailsAndStillCleansUp()
    {
        await using var lab = await DrillLab.StartAsync(new EngineOptions { MaxStepsPerTick = 1 });
        var requested = await lab.Engine.RequestAsync(DrillVariants.Request(DrillLab.ServiceId, DrillKind.Isolated, "alice"), CancellationToken.None);
        await lab.TickAsync(); // copies the standby
        var dir = lab.Sandbox.DrillDirectory(requested.OperationId!);
        Directory.Exists(dir).Should().BeTrue();
        File.Delete(Path.Combine(lab.Sandbox.DataDirectory(requested.OperationId!), "global", "pg_control")); // a corrupted copy

        var op = await lab.RunToEndAsync(requested.OperationId!, TimeSpan.FromSeconds(60));

        op.Status.Should().Be(OperationStatus.Failed);
        op.Outcome.Summary.Should().Contain("drill-promote-copy");
        lab.Sandbox.PostgresPid(op.Id).Should().BeNull();
        Directory.Exists(dir).Should().BeFalse("the cleanup runs after a failed step");
        var entries = await lab.Journal.ReadEntriesAsync(op.Id, CancellationToken.None);
        entries.Should().Contain(e => e.Kind == JournalEntryKind.StepSucceeded && e.Step == "drill-cleanup");
    }

    [Fact]
    public async Task IsolatedDrill_ControlPlaneCrashesMidDrill_NewControlPlaneCleansUp()
    {
        await using var lab = await DrillLab.StartAsync(new EngineOptions { MaxStepsPerTick = 1 });
        var requested = await lab.Engine.RequestAsync(DrillVariants.Request(DrillLab.ServiceId, DrillKind.Isolated, "alice"), CancellationToken.None);
        await lab.TickAsync(); // copy
        await lab.TickAsync(); // promote
        await lab.TickAsync(); // application
        var pid = lab.Sandbox.PostgresPid(requested.OperationId!);
        pid.Should().NotBeNull();

        await lab.RestartControlPlaneAsync(new EngineOptions { MaxStepsPerTick = 1 }); // the application died with the old one
        var op = await lab.RunToEndAsync(requested.OperationId!, TimeSpan.FromSeconds(60));

        op.Status.Should().BeOneOf(OperationStatus.Succeeded, OperationStatus.Failed);
        var entries = await lab.Journal.ReadEntriesAsync(op.Id, CancellationToken.None);
        entries.Should().Contain(e => e.Kind == JournalEntryKind.Resumed);
        entries.Should().Contain(e => e.Kind == JournalEntryKind.StepSucceeded && e.Step == "drill-cleanup");
        ProcessTree.IsAlive(pid!.Value).Should().BeFalse("the resumed drill stops the copy it started before the crash");
        Directory.Exists(lab.Sandbox.DrillDirectory(op.Id)).Should().BeFalse();
        (await DrillHistory.ListAsync(lab.Journal, lab.Estate, CancellationToken.None)).Should().ContainSingle(r => r.DrillId == op.Id);
    }

    private static async Task<ulong> ReplayLsnAsync(PostgresInstance standby) =>
        Core.Replication.Lsn.Parse(await standby.ScalarAsync<string>("SELECT pg_last_wal_replay_lsn()::text", "postgres")).Value;

    private static async Task<(int Written, int Failed)> WriteUntilStoppedAsync(PostgresInstance primary, CancellationToken stop)
    {
        var written = 0;
        var failed = 0;
        await using var source = NpgsqlDataSource.Create(primary.ConnectionString("ent"));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var command = source.CreateCommand("INSERT INTO writer DEFAULT VALUES");
                await command.ExecuteNonQueryAsync(CancellationToken.None);
                written++;
            }
            catch (NpgsqlException)
            {
                failed++;
            }

            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (written, failed);
    }
}
