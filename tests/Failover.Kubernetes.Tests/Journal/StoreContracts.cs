using Failover.Core.Journal;
using Failover.Journal.Sqlite;
using Failover.Kubernetes.Journal;
using Failover.Kubernetes.Tests.Fixture;
using Microsoft.Data.Sqlite;

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

public sealed class SqliteJournalContractTests : JournalStoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("failover-journal-").FullName;
    private readonly List<SqliteJournalStore> _stores = [];

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    protected override async Task<IJournalStore> CreateStoreAsync() => Track(await SqliteJournalStore.OpenAsync(Path.Combine(_dir, "journal.db"), None));

    protected override async Task<IJournalStore> ReopenAsync(IJournalStore store) => Track(await SqliteJournalStore.OpenAsync(Path.Combine(_dir, "journal.db"), None));

    private SqliteJournalStore Track(SqliteJournalStore store)
    {
        _stores.Add(store);
        return store;
    }
}

public sealed class InMemoryJournalContractTests : JournalStoreContract
{
    protected override Task<IJournalStore> CreateStoreAsync() => Task.FromResult<IJournalStore>(new InMemoryJournalStore());

    protected override Task<IJournalStore> ReopenAsync(IJournalStore store) => Task.FromResult(store);
}
