namespace Failover.Core.Journal;

/// <summary>
/// The durable journal: operations, their audit trail and the services' state (epoch, primary). Every write is
/// atomic and durable when the returned task completes; the engine writes before and after each step acts.
/// The embedded default is SQLite; a Kubernetes-backed store can implement the same seam.
/// </summary>
public interface IJournalStore
{
    /// <summary>Writes the operation (insert or replace), the entries and the service state in one transaction.</summary>
    Task WriteAsync(JournalWrite write, CancellationToken cancellationToken);

    Task<OperationRecord?> GetOperationAsync(string operationId, CancellationToken cancellationToken);

    /// <summary>Operations in creation order; only non-terminal ones when <paramref name="activeOnly"/>.</summary>
    Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(bool activeOnly, CancellationToken cancellationToken);

    /// <summary>The audit trail of one operation, in write order.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(string operationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ServiceState>> ListServiceStatesAsync(CancellationToken cancellationToken);
}
