using Failover.Core;
using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Journal.Sqlite;
using Failover.Testing;
using Microsoft.Data.Sqlite;

namespace Failover.Journal.Sqlite.Tests;

public sealed class SqliteJournalTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _dir = Directory.CreateTempSubdirectory("failover-journal-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Write_ThenReopen_ReadsEverythingBack()
    {
        var path = Path.Combine(_dir, "journal.db");
        var at = new DateTimeOffset(2026, 3, 10, 0, 47, 0, TimeSpan.FromHours(1));
        var op = new OperationRecord(
            "op-1", "ent-1", OperationKind.Failover, OperationStatus.Running,
            new RecordedRequest("engine", "fire", ["observers down: obs-a, obs-b"], at, Force: true, ExpiresAt: at.AddMinutes(2), DetectedAt: at.AddSeconds(-30)),
            new RecordedPlan("ovh-sbg", "ovh-rbx", "preference #1", new Epoch(3), new Epoch(4), ["bump-epoch", "promote-target"],
                new DataLossQuote(1234, TimeSpan.FromSeconds(2), false, "basis"), ApprovalRequired: true, ApprovalWhy: "beyond budget"),
            OperationProgress.None with { ApprovedBy = "bob", StartedAt = at, NextStep = 1, PointOfNoReturnPassed = true, AnyStepActed = true, PrimaryLsnSeen = new Lsn(0x16_B374D848) },
            OperationOutcome.Pending with { MeasuredDataLossBytes = 1234 });
        var state = new ServiceState("ent-1", new Epoch(4), "op-1", "ovh-rbx", ["ovh-sbg"], [], at, false, ["scw-par"]);
        using (var store = await SqliteJournalStore.OpenAsync(path, None))
        {
            await store.WriteAsync(new JournalWrite(op, [new JournalEntry("op-1", at, JournalEntryKind.Forced, null, "alice", "FORCED"), new JournalEntry("op-1", at, JournalEntryKind.StepStarted, "promote-target", "engine", "go")], state), None);
        }

        using var reopened = await SqliteJournalStore.OpenAsync(path, None);
        var back = await reopened.GetOperationAsync("op-1", None);
        back.Should().BeEquivalentTo(op);
        (await reopened.ListOperationsAsync(activeOnly: true, None)).Should().ContainSingle().Which.Id.Should().Be("op-1");
        (await reopened.ReadEntriesAsync("op-1", None)).Select(e => (e.Kind, e.Step, e.Actor)).Should()
            .Equal((JournalEntryKind.Forced, null, "alice"), (JournalEntryKind.StepStarted, "promote-target", "engine"));
        (await reopened.ListServiceStatesAsync(None)).Should().ContainSingle().Which.Should().BeEquivalentTo(state);
    }

    [Fact]
    public async Task OpenAsync_MissingDirectory_FailsNamingIt()
    {
        var act = () => SqliteJournalStore.OpenAsync(Path.Combine(_dir, "nope", "journal.db"), None);

        await act.Should().ThrowAsync<DirectoryNotFoundException>().WithMessage("*journal path*nope*");
    }

    [Fact]
    public async Task Failover_CrashBeforeEveryJournalWrite_ResumesFromTheFileAndRollsForward()
    {
        var total = await WritesOfAFailoverAsync();
        total.Should().BeGreaterThan(10);
        for (var crashAt = 1; crashAt <= total; crashAt++)
        {
            var path = Path.Combine(_dir, $"crash-{crashAt}.db");
            using var first = await SqliteJournalStore.OpenAsync(path, None);
            var crashing = new CrashingJournal(first);
            using var h = new EngineHarness(journal: crashing, options: Options());
            await h.TickAsync();
            h.Burn("ovh-sbg");
            crashing.ArmAfter(crashAt);

            var crashed = false;
            try
            {
                await h.TickAsync(4);
            }
            catch (SimulatedCrashException)
            {
                crashed = true;
            }

            crashed.Should().BeTrue($"write #{crashAt} must crash the control plane");

            // A new process: a fresh store on the same file, a fresh engine, and time goes on.
            using var second = await SqliteJournalStore.OpenAsync(path, None);
            h.NewEngine(second);
            var restarted = h.Time.GetUtcNow();
            await h.TickAsync(8); // a new term knows no grant: the old primary counts as leased until its start + TTL + margin

            var because = $"after a crash before journal write #{crashAt}";
            if (h.Engine.ActiveOperations.SingleOrDefault(o => o.Status == OperationStatus.AwaitingApproval) is { } pending)
            {
                // Crashed before the operation (and the primary's last position) reached the journal: the new process
                // never saw the burned primary, so its loss quote is unknown and a human must decide.
                pending.Plan.ApprovalWhy.Should().Contain("never observed", because);
                (await h.Engine.ApproveAsync(pending.Id, "bob", None)).Accepted.Should().BeTrue(because);
                await h.TickAsync(2);
            }

            var ops = await second.ListOperationsAsync(activeOnly: false, None);
            var failover = ops.Where(o => o.Kind == OperationKind.Failover).Should().ContainSingle(because).Subject;
            failover.Status.Should().Be(OperationStatus.Succeeded, because);
            h.State().PrimarySiteId.Should().Be("ovh-rbx", because);
            h.State().Epoch.Should().Be(new Epoch(2), because);
            h.WritablePrimaries().Should().Be(1, because);
            h.World.Routes["ent-1"].Target.Should().Be("ovh-rbx", because);
            h.World.Promotions.Should().ContainSingle(because);
            var entries = await second.ReadEntriesAsync(failover.Id, None);
            entries.Count(e => e.Kind == JournalEntryKind.StepSucceeded).Should().Be(failover.Plan.Steps.Count, because);
            if (entries.Any(e => e.Kind == JournalEntryKind.Started) && entries.First(e => e.Kind == JournalEntryKind.Started).At <= restarted)
            {
                entries.Should().Contain(e => e.Kind == JournalEntryKind.Resumed, because);
            }
        }
    }

    private static EngineOptions Options() => new() { AutomaticReprotect = false };

    private async Task<int> WritesOfAFailoverAsync()
    {
        using var store = await SqliteJournalStore.OpenAsync(Path.Combine(_dir, "count.db"), None);
        var counting = new CrashingJournal(store);
        using var h = new EngineHarness(journal: counting, options: Options());
        await h.TickAsync();
        h.Burn("ovh-sbg");
        var before = counting.Writes;
        await h.TickAsync(4); // the old primary's lease (last grant at t=1 + TTL 3 s + margin 1 s) has run out at t=5
        h.State().PrimarySiteId.Should().Be("ovh-rbx");
        return counting.Writes - before;
    }

    private sealed class SimulatedCrashException : Exception
    {
        public SimulatedCrashException()
            : base("simulated control-plane crash")
        {
        }
    }

    /// <summary>Dies before the N-th write once armed: the write never reaches the file.</summary>
    private sealed class CrashingJournal(IJournalStore inner) : IJournalStore
    {
        private int _crashAt = int.MaxValue;

        public int Writes { get; private set; }

        public void ArmAfter(int writes) => _crashAt = Writes + writes;

        public Task WriteAsync(JournalWrite write, CancellationToken cancellationToken)
        {
            if (++Writes >= _crashAt)
            {
                _crashAt = int.MaxValue;
                throw new SimulatedCrashException();
            }

            return inner.WriteAsync(write, cancellationToken);
        }

        public Task<OperationRecord?> GetOperationAsync(string operationId, CancellationToken cancellationToken) => inner.GetOperationAsync(operationId, cancellationToken);

        public Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(bool activeOnly, CancellationToken cancellationToken) => inner.ListOperationsAsync(activeOnly, cancellationToken);

        public Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(string operationId, CancellationToken cancellationToken) => inner.ReadEntriesAsync(operationId, cancellationToken);

        public Task<IReadOnlyList<ServiceState>> ListServiceStatesAsync(CancellationToken cancellationToken) => inner.ListServiceStatesAsync(cancellationToken);
    }
}
