using Failover.Core.Journal;
using Failover.Kubernetes.Journal;
using Failover.Kubernetes.Tests.Fixture;
using Failover.Testing;

namespace Failover.Kubernetes.Tests.Journal;

[Collection(KubeApiServerGroup.Name)]
public sealed class KubernetesJournalContractTests(KubeApiServer server) : JournalStoreContract, IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public void Dispose() => _owned.ForEach(d => d.Dispose());

    protected override async Task<IJournalStore> CreateStoreAsync()
    {
        var ns = await server.CreateNamespaceAsync("journal");
        var client = server.CreateClient();
        var store = new KubernetesJournalStore(client, ns, "failover-journal");
        _owned.Add(client);
        _owned.Add(store);
        await store.TakeOverAsync("replica-0", None);
        return store;
    }

    protected override Task<IJournalStore> ReopenAsync(IJournalStore store)
    {
        var client = server.CreateClient();
        _owned.Add(client);
        var field = (KubernetesJournalStore)store;
        IJournalStore reopened = new KubernetesJournalStore(client, field.Namespace, field.Name);
        return Task.FromResult(reopened);
    }
}
