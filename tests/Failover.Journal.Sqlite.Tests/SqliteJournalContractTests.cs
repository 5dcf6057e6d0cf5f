using Failover.Core.Journal;
using Failover.Testing;
using Microsoft.Data.Sqlite;

namespace Failover.Journal.Sqlite.Tests;

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
