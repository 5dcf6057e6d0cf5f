using Failover.Configuration;
using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Core.Operations;
using Failover.Kubernetes.Journal;
using Failover.Kubernetes.Tests.Fixture;
using Failover.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Failover.Kubernetes.Tests.Journal;

[Collection(KubeApiServerGroup.Name)]
public sealed class KubernetesJournalFencingTests(KubeApiServer server) : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset At = new(2026, 3, 10, 0, 47, 0, TimeSpan.Zero);
    private readonly List<IDisposable> _owned = [];

    public void Dispose() => _owned.ForEach(d => d.Dispose());

    [Fact]
    public async Task DeposedLeader_Write_IsRefusedNamingTheNewLeader()
    {
        var ns = await server.CreateNamespaceAsync("fence");
        var oldLeader = Store(ns);
        await oldLeader.TakeOverAsync("replica-a", None);
        await oldLeader.WriteAsync(new JournalWrite(null, [], State("ovh-sbg")), None);
        var newLeader = Store(ns);
        await newLeader.TakeOverAsync("replica-b", None);

        var act = () => oldLeader.WriteAsync(new JournalWrite(null, [], State("ovh-rbx")), None);

        var refusal = (await act.Should().ThrowAsync<NotLeaderException>()).Which;
        refusal.CurrentLeader.Should().Be("replica-b");
        refusal.Message.Should().Contain("409").And.Contain("replica-b");
        await act.Should().ThrowAsync<NotLeaderException>("a deposed store stays refused until it takes the journal over again");
        await newLeader.WriteAsync(new JournalWrite(null, [], State("scw-par")), None);
        (await newLeader.ListServiceStatesAsync(None)).Should().ContainSingle().Which.PrimarySiteId.Should().Be("scw-par");
        newLeader.Term.Should().Be(2);
    }

    [Fact]
    public async Task Follower_ThatNeverTookOver_CannotWrite()
    {
        var ns = await server.CreateNamespaceAsync("fence");
        var leader = Store(ns);
        await leader.TakeOverAsync("replica-a", None);
        var follower = Store(ns);

        var act = () => follower.WriteAsync(new JournalWrite(null, [], State("ovh-rbx")), None);

        await act.Should().ThrowAsync<NotLeaderException>().WithMessage("*only the leader writes*");
        (await follower.ListServiceStatesAsync(None)).Should().BeEmpty("followers read the journal, they never write it");
    }

    [Fact]
    public async Task DeposedLeader_CannotOverwriteAnArchiveOfALaterTerm()
    {
        var ns = await server.CreateNamespaceAsync("fence");
        var oldLeader = Store(ns);
        await oldLeader.TakeOverAsync("replica-a", None);
        var op = Running(nextStep: 1);
        await oldLeader.WriteAsync(JournalWrite.Of(op), None);
        var newLeader = Store(ns);
        await newLeader.TakeOverAsync("replica-b", None);
        var done = op.AtStep(op.Plan.Steps.Count).Ended(OperationStatus.Succeeded, At, "finished by replica-b");
        await newLeader.WriteAsync(JournalWrite.Of(done), None);

        var act = () => oldLeader.WriteAsync(JournalWrite.Of(op.Ended(OperationStatus.Failed, At, "stale")), None);

        await act.Should().ThrowAsync<NotLeaderException>();
        (await Store(ns).GetOperationAsync(op.Id, None))!.Outcome.Summary.Should().Be("finished by replica-b");
    }

    [Fact]
    public async Task LeaderLostMidOperation_NextLeaderResumesFromTheJournal()
    {
        var ns = await server.CreateNamespaceAsync("resume");
        var estate = EstateLoader.LoadFile(Repository.PathOf("manifests", "estate.example.yaml")).Estate!;
        var time = new FakeTimeProvider(At);

        // The first leader journaled the operation at step 2 (running), then died.
        var first = Store(ns);
        await first.TakeOverAsync("replica-a", None);
        using (var engine = new FailoverEngine(estate, Stubs.Seams, first, time))
        {
            await engine.InitializeAsync(None);
        }

        var running = Running(nextStep: 2);
        var op = running with { ServiceId = estate.Services[0].Id, Plan = running.Plan with { SourceSiteId = estate.Services[0].PrimarySiteId } };
        await first.WriteAsync(JournalWrite.Of(op, new JournalEntry(op.Id, At, JournalEntryKind.StepSucceeded, op.Plan.Steps[1], "engine", "done")), None);

        // The next leader takes the journal over and builds its engine from it.
        var second = Store(ns);
        await second.TakeOverAsync("replica-b", None);
        using var resumed = new FailoverEngine(estate, Stubs.Seams, second, time);
        await resumed.InitializeAsync(None);

        resumed.ActiveOperations.Should().ContainSingle().Which.Should().Match<OperationRecord>(o => o.Id == op.Id && o.Progress.NextStep == 2 && o.Status == OperationStatus.Running);
        resumed.ServiceStates.Should().HaveCount(estate.Services.Count);
        (await second.ReadEntriesAsync(op.Id, None))[^1].Should().Match<JournalEntry>(e => e.Kind == JournalEntryKind.Resumed && e.Step == op.Plan.Steps[2]);
        var late = () => first.WriteAsync(JournalWrite.Of(op.AtStep(3)), None);
        await late.Should().ThrowAsync<NotLeaderException>("the old leader, back from the dead, must not move the operation");
        (await second.GetOperationAsync(op.Id, None))!.Progress.NextStep.Should().Be(2);
    }

    private KubernetesJournalStore Store(string ns)
    {
        var client = server.CreateClient();
        var store = new KubernetesJournalStore(client, ns, "failover-journal");
        _owned.Add(client);
        _owned.Add(store);
        return store;
    }

    private static ServiceState State(string primary) => new("ent-1", Core.Epoch.Initial, null, primary, [], [], null, false);

    private static OperationRecord Running(int nextStep) => new(
        "op-000001-failover-ent-1", "ent-1", OperationKind.Failover, OperationStatus.Running,
        new RecordedRequest("engine", "fire", [], At, DetectedAt: At),
        new RecordedPlan("ovh-sbg", "ovh-rbx", "preference #1", new Core.Epoch(1), new Core.Epoch(2), ["fence-source", "bump-epoch", "promote-target", "switch-traffic"],
            new DataLossQuote(0, TimeSpan.Zero, false, "basis")),
        OperationProgress.None with { StartedAt = At, NextStep = nextStep }, OperationOutcome.Pending);
}
