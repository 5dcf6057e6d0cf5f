using Failover.Core.Journal;
using Failover.Testing;

namespace Failover.Core.Tests.Journal;

public sealed class InMemoryJournalContractTests : JournalStoreContract
{
    protected override Task<IJournalStore> CreateStoreAsync() => Task.FromResult<IJournalStore>(new InMemoryJournalStore());

    protected override Task<IJournalStore> ReopenAsync(IJournalStore store) => Task.FromResult(store);
}
