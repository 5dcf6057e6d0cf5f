using Failover.Core.Operations;

namespace Failover.Core.Journal;

/// <summary>
/// A journal held in memory: for tests and the simulation, where it plays the durable disk that survives a
/// control-plane crash. Thread-safe.
/// </summary>
public sealed class InMemoryJournalStore : IJournalStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OperationRecord> _operations = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, List<JournalEntry>> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceState> _states = new(StringComparer.Ordinal);
    private readonly List<string> _stateOrder = [];

    /// <summary>Number of atomic writes so far (crash-injection tests count them).</summary>
    public int Writes { get; private set; }

    public Task WriteAsync(JournalWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            Writes++;
            if (write.Operation is { } op)
            {
                if (!_operations.ContainsKey(op.Id))
                {
                    _order.Add(op.Id);
                }

                _operations[op.Id] = op;
            }

            foreach (var e in write.Entries)
            {
                if (!_entries.TryGetValue(e.OperationId, out var list))
                {
                    _entries[e.OperationId] = list = [];
                }

                list.Add(e);
            }

            if (write.ServiceState is { } s)
            {
                if (!_states.ContainsKey(s.ServiceId))
                {
                    _stateOrder.Add(s.ServiceId);
                }

                _states[s.ServiceId] = s;
            }
        }

        return Task.CompletedTask;
    }

    public Task<OperationRecord?> GetOperationAsync(string operationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_operations.GetValueOrDefault(operationId));
        }
    }

    public Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<OperationRecord> list = _order.Select(id => _operations[id]).Where(o => !activeOnly || o.Status.IsActive()).ToList();
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(string operationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<JournalEntry> list = _entries.TryGetValue(operationId, out var l) ? l.ToList() : [];
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<ServiceState>> ListServiceStatesAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<ServiceState> list = _stateOrder.Select(id => _states[id]).ToList();
            return Task.FromResult(list);
        }
    }
}
