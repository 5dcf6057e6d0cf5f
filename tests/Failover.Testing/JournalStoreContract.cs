using Failover.Core;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Replication;

namespace Failover.Testing;

/// <summary>
/// What every <see cref="IJournalStore"/> must do, run over each store (in memory, SQLite, Kubernetes): the engine
/// relies on these and nothing else.
/// </summary>
public abstract class JournalStoreContract
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected static readonly DateTimeOffset At = new(2026, 3, 10, 0, 47, 0, TimeSpan.FromHours(1));

    /// <summary>A fresh, empty store that this instance may write to.</summary>
    protected abstract Task<IJournalStore> CreateStoreAsync();

    /// <summary>A second handle on the same data, as a restarted process would open it.</summary>
    protected abstract Task<IJournalStore> ReopenAsync(IJournalStore store);

    [Fact]
    public async Task Write_ThenReopen_ReadsEverythingBack()
    {
        var store = await CreateStoreAsync();
        var op = Operation("op-000001-failover-ent-1", OperationStatus.Running);
        var state = new ServiceState("ent-1", new Epoch(4), op.Id, "ovh-rbx", ["ovh-sbg"], [], At, false, ["scw-par"]);
        await store.WriteAsync(new JournalWrite(op, [Entry(op.Id, JournalEntryKind.Forced, null, "alice"), Entry(op.Id, JournalEntryKind.StepStarted, "promote-target", "engine")], state), None);

        var reopened = await ReopenAsync(store);
        (await reopened.GetOperationAsync(op.Id, None)).Should().BeEquivalentTo(op);
        (await reopened.ListOperationsAsync(activeOnly: true, None)).Should().ContainSingle().Which.Id.Should().Be(op.Id);
        (await reopened.ReadEntriesAsync(op.Id, None)).Select(e => (e.Kind, e.Step, e.Actor)).Should()
            .Equal((JournalEntryKind.Forced, null, "alice"), (JournalEntryKind.StepStarted, "promote-target", "engine"));
        (await reopened.ListServiceStatesAsync(None)).Should().ContainSingle().Which.Should().BeEquivalentTo(state);
    }

    [Fact]
    public async Task EndedOperation_KeepsCreationOrderAndItsAuditTrail()
    {
        var store = await CreateStoreAsync();
        var first = Operation("op-000001-switchover-ent-1", OperationStatus.Running);
        var second = Operation("op-000002-fence-ent-2", OperationStatus.Queued) with { ServiceId = "ent-2" };
        await store.WriteAsync(JournalWrite.Of(first, Entry(first.Id, JournalEntryKind.Started, null, "engine")), None);
        await store.WriteAsync(JournalWrite.Of(second, Entry(second.Id, JournalEntryKind.Queued, null, "bob")), None);
        var ended = first.Ended(OperationStatus.Succeeded, At.AddSeconds(40), "done");
        await store.WriteAsync(JournalWrite.Of(ended, Entry(first.Id, JournalEntryKind.Succeeded, null, "engine")), None);

        (await store.ListOperationsAsync(activeOnly: false, None)).Select(o => (o.Id, o.Status)).Should()
            .Equal((first.Id, OperationStatus.Succeeded), (second.Id, OperationStatus.Queued));
        (await store.ListOperationsAsync(activeOnly: true, None)).Select(o => o.Id).Should().Equal(second.Id);
        (await store.GetOperationAsync(first.Id, None)).Should().BeEquivalentTo(ended);
        (await store.ReadEntriesAsync(first.Id, None)).Select(e => e.Kind).Should().Equal(JournalEntryKind.Started, JournalEntryKind.Succeeded);
    }

    [Fact]
    public async Task OperationRefusedAtOnce_IsListedAsEnded()
    {
        var store = await CreateStoreAsync();
        var refused = Operation("op-000001-failover-ent-1", OperationStatus.Refused) with { Outcome = OperationOutcome.Pending with { Summary = "no healthy standby" } };

        await store.WriteAsync(JournalWrite.Of(refused, Entry(refused.Id, JournalEntryKind.Refused, null, "engine")), None);

        (await store.ListOperationsAsync(activeOnly: true, None)).Should().BeEmpty();
        (await store.ListOperationsAsync(activeOnly: false, None)).Should().ContainSingle().Which.Should().BeEquivalentTo(refused);
        (await store.ReadEntriesAsync(refused.Id, None)).Should().ContainSingle().Which.Kind.Should().Be(JournalEntryKind.Refused);
    }

    [Fact]
    public async Task OperationCleaningUp_ReadsItsPendingEndBack()
    {
        var store = await CreateStoreAsync();
        var cleaning = Operation("op-000001-drill-ent-1", OperationStatus.Running).CleaningUp(2, OperationStatus.Cancelled, "cancelled by alice: wrong button", At.AddSeconds(5));

        await store.WriteAsync(JournalWrite.Of(cleaning, Entry(cleaning.Id, JournalEntryKind.CleanupScheduled, "switch-traffic", "alice")), None);

        var reopened = await ReopenAsync(store);
        (await reopened.GetOperationAsync(cleaning.Id, None)).Should().BeEquivalentTo(cleaning);
        (await reopened.GetOperationAsync(cleaning.Id, None))!.Progress.PendingEnd.Should().Be(new PendingEnd(OperationStatus.Cancelled, "cancelled by alice: wrong button", At.AddSeconds(5)));
    }

    [Fact]
    public async Task ServiceState_WrittenTwice_IsReplaced()
    {
        var store = await CreateStoreAsync();
        var first = new ServiceState("ent-1", Epoch.Initial, null, "ovh-sbg", [], [], null, false);
        var other = first with { ServiceId = "ent-2" };
        await store.WriteAsync(new JournalWrite(null, [], first), None);
        await store.WriteAsync(new JournalWrite(null, [], other), None);
        var bumped = first with { Epoch = new Epoch(2), EpochOwner = "op-1", PrimarySiteId = "ovh-rbx" };
        await store.WriteAsync(new JournalWrite(null, [], bumped), None);

        (await store.ListServiceStatesAsync(None)).OrderBy(s => s.ServiceId, StringComparer.Ordinal).Should().BeEquivalentTo([bumped, other], o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task UnknownOperation_IsAbsent()
    {
        var store = await CreateStoreAsync();

        (await store.GetOperationAsync("op-404", None)).Should().BeNull();
        (await store.ReadEntriesAsync("op-404", None)).Should().BeEmpty();
        (await store.ListOperationsAsync(activeOnly: false, None)).Should().BeEmpty();
        (await store.ListServiceStatesAsync(None)).Should().BeEmpty();
    }

    protected static JournalEntry Entry(string op, JournalEntryKind kind, string? step, string actor) => new(op, At, kind, step, actor, $"{kind} by {actor}");

    protected static OperationRecord Operation(string id, OperationStatus status) => new(
        id, "ent-1", OperationKind.Failover, status,
        new RecordedRequest("engine", "fire", ["observers down: obs-a, obs-b"], At, ExpiresAt: At.AddMinutes(2), DetectedAt: At.AddSeconds(-30)),
        new RecordedPlan("ovh-sbg", "ovh-rbx", "preference #1", new Epoch(3), new Epoch(4), ["bump-epoch", "promote-target", "switch-traffic"],
            new DataLossQuote(1234, TimeSpan.FromSeconds(2), false, "basis")),
        OperationProgress.None with { StartedAt = At, NextStep = 1, PointOfNoReturnPassed = true, AnyStepActed = true, PrimaryLsnSeen = new Lsn(0x16_B374D848) },
        OperationOutcome.Pending with { MeasuredDataLossBytes = 1234 });
}
