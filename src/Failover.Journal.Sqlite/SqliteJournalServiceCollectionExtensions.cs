using Failover.Core.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Failover.Journal.Sqlite;

public static class SqliteJournalServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite journal at <paramref name="path"/> as <see cref="IJournalStore"/> (idempotent), opened
    /// (created if needed) when first resolved and disposed with the container.
    /// </summary>
    public static IServiceCollection AddFailoverSqliteJournal(this IServiceCollection services, string path)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(path);
        // Microsoft.Data.Sqlite runs its "async" methods synchronously: the open has completed when it returns.
        services.TryAddSingleton<IJournalStore>(_ => SqliteJournalStore.OpenAsync(path, CancellationToken.None).GetAwaiter().GetResult());
        return services;
    }
}
