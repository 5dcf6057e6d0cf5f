using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Core.Operations;
using Failover.Kubernetes.Journal;
using Failover.Kubernetes.Tests.Fixture;
using Failover.Testing;

namespace Failover.Kubernetes.Tests.Journal;

/// <summary>
/// The journal's retries on the real kube-apiserver, faults injected between client and server: transient failures
/// are retried, a write whose answer was lost after it landed is adopted (not re-sent blindly, which would 409 and
/// depose the leader), and a 409 is never retried.
/// </summary>
[Collection(KubeApiServerGroup.Name)]
public sealed class KubernetesJournalRetryTests(KubeApiServer server) : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset At = new(2026, 3, 10, 0, 47, 0, TimeSpan.Zero);
    private readonly List<IDisposable> _owned = [];

    public void Dispose() => _owned.ForEach(d => d.Dispose());

    [Fact]
    public async Task Write_ApiUnavailableTwice_IsRetriedAndLands()
    {
        var ns = await server.CreateNamespaceAsync("retry");
        var (store, faults) = Store(ns, FaultyApi.Head(HttpMethod.Put, ns));
        await store.TakeOverAsync("replica-a", None);
        faults.Unavailable(2);

        await store.WriteAsync(new JournalWrite(null, [], State("ovh-rbx")), None);

        (await Store(ns).Store.ListServiceStatesAsync(None)).Should().ContainSingle().Which.PrimarySiteId.Should().Be("ovh-rbx");
        store.Term.Should().Be(1);
    }

    [Fact]
    public async Task Write_AnswerLostAfterItLanded_IsAdopted_NotDuplicatedNorDeposed()
    {
        var ns = await server.CreateNamespaceAsync("retry");
        var (store, faults) = Store(ns, FaultyApi.Head(HttpMethod.Put, ns));
        await store.TakeOverAsync("replica-a", None);
        var refused = Refused("op-000001-failover-ent-1");
        faults.LoseAnswers(1);

        await store.WriteAsync(JournalWrite.Of(refused, new JournalEntry(refused.Id, At, JournalEntryKind.Refused, null, "engine", "no standby")), None);

        faults.Seen.Should().Be(1, "the head is re-read and found written: no second replace");
        var reader = Store(ns).Store;
        (await reader.ListOperationsAsync(activeOnly: false, None)).Should().ContainSingle().Which.Id.Should().Be(refused.Id);
        (await reader.ReadEntriesAsync(refused.Id, None)).Should().ContainSingle("the entry is journaled once");
        await store.WriteAsync(new JournalWrite(null, [], State("scw-par")), None);
        (await reader.ListServiceStatesAsync(None)).Should().ContainSingle().Which.PrimarySiteId.Should().Be("scw-par", "the leader still leads and writes");
    }

    [Fact]
    public async Task Write_FailedBeforeItLanded_IsReReadAndAppliedAgain()
    {
        var ns = await server.CreateNamespaceAsync("retry");
        var (store, faults) = Store(ns, FaultyApi.Head(HttpMethod.Put, ns));
        await store.TakeOverAsync("replica-a", None);
        await store.WriteAsync(new JournalWrite(null, [], State("ovh-sbg")), None);
        var before = faults.Seen;
        faults.Unavailable(1);

        await store.WriteAsync(new JournalWrite(null, [], State("ovh-rbx")), None);

        (faults.Seen - before).Should().Be(2, "the head, re-read, is not the one attempted: the write is applied again");
        (await Store(ns).Store.ListServiceStatesAsync(None)).Should().ContainSingle().Which.PrimarySiteId.Should().Be("ovh-rbx");
    }

    [Fact]
    public async Task Write_OfADeposedLeader_Conflict_IsNeverRetried()
    {
        var ns = await server.CreateNamespaceAsync("retry");
        var (old, faults) = Store(ns, FaultyApi.Head(HttpMethod.Put, ns));
        await old.TakeOverAsync("replica-a", None);
        await Store(ns).Store.TakeOverAsync("replica-b", None);
        var before = faults.Seen;

        var act = () => old.WriteAsync(new JournalWrite(null, [], State("ovh-rbx")), None);

        (await act.Should().ThrowAsync<NotLeaderException>()).Which.CurrentLeader.Should().Be("replica-b");
        (faults.Seen - before).Should().Be(1, "a 409 on the head means deposed: one attempt, no retry");
    }

    [Fact]
    public async Task Write_ApiDownForGood_FailsAfterTheRetries_WithoutDeposing()
    {
        var ns = await server.CreateNamespaceAsync("retry");
        var (store, faults) = Store(ns, FaultyApi.Head(HttpMethod.Put, ns));
        await store.TakeOverAsync("replica-a", None);
        faults.Unavailable(100);

        var act = () => store.WriteAsync(new JournalWrite(null, [], State("ovh-rbx")), None);

        await act.Should().ThrowAsync<k8s.Autorest.HttpOperationException>();
        faults.Seen.Should().Be(JournalResilience.MaxRetries + 1);
        faults.Unavailable(0);
        await store.WriteAsync(new JournalWrite(null, [], State("scw-par")), None);
        store.Term.Should().Be(1, "an unavailable API is not a deposition");
    }

    [Fact]
    public async Task Read_ApiUnavailable_IsRetried()
    {
        var ns = await server.CreateNamespaceAsync("retry");
        var (writer, _) = Store(ns);
        await writer.TakeOverAsync("replica-a", None);
        await writer.WriteAsync(new JournalWrite(null, [], State("ovh-gra")), None);
        var (reader, faults) = Store(ns, FaultyApi.Head(HttpMethod.Get, ns));
        faults.Unavailable(2);

        (await reader.ListServiceStatesAsync(None)).Should().ContainSingle().Which.PrimarySiteId.Should().Be("ovh-gra");
        faults.Seen.Should().Be(3);
    }

    [Fact]
    public async Task TakeOver_AnswerLostAfterItLanded_IsAdopted_TermNotBumpedTwice()
    {
        var ns = await server.CreateNamespaceAsync("retry");
        var (first, _) = Store(ns);
        await first.TakeOverAsync("replica-a", None);
        var (second, faults) = Store(ns, FaultyApi.Head(HttpMethod.Put, ns));
        faults.LoseAnswers(1);

        await second.TakeOverAsync("replica-b", None);

        second.Term.Should().Be(2);
        faults.Seen.Should().Be(1);
        await second.WriteAsync(new JournalWrite(null, [], State("ovh-rbx")), None);
        var late = () => first.WriteAsync(new JournalWrite(null, [], State("scw-par")), None);
        await late.Should().ThrowAsync<NotLeaderException>();
    }

    private (KubernetesJournalStore Store, FaultyApi Faults) Store(string ns, Func<HttpRequestMessage, bool>? faulty = null)
    {
        var faults = new FaultyApi(faulty ?? (_ => false));
        var client = new k8s.Kubernetes(server.Configuration(KubeApiServer.AdminToken), faults);
        var store = new KubernetesJournalStore(client, ns, "failover-journal", retryDelay: TimeSpan.FromMilliseconds(10));
        _owned.Add(client);
        _owned.Add(store);
        return (store, faults);
    }

    private static ServiceState State(string primary) => new("ent-1", Core.Epoch.Initial, null, primary, [], [], null, false);

    private static OperationRecord Refused(string id) =>
        OperationRecord.Refused(id, new OperationRequest("ent-1", OperationKind.Failover, null, "engine", "fire"), State("ovh-sbg"), "no standby", At);
}
