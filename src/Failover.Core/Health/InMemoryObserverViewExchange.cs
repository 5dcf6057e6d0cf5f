using System.Collections.Concurrent;

namespace Failover.Core.Health;

/// <summary>
/// Observers in one process sharing views through memory (tests, simulation, single-instance control plane).
/// <see cref="Isolate"/> cuts an observer off: its views stop reaching the others (its last one goes stale), like a
/// network partition between control-plane instances. Public so the simulation and hosts can use it.
/// </summary>
public sealed class InMemoryObserverViewExchange : IObserverViewExchange
{
    private readonly ConcurrentDictionary<string, ObserverView> _views = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _isolated = new(StringComparer.Ordinal);

    public ValueTask PublishAsync(ObserverView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (!_isolated.ContainsKey(view.ObserverId))
        {
            _views.AddOrUpdate(view.ObserverId, view, (_, old) => view.At >= old.At ? view : old);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyDictionary<string, ObserverView>> GetViewsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyDictionary<string, ObserverView>>(new Dictionary<string, ObserverView>(_views, StringComparer.Ordinal));

    /// <summary>Stops carrying this observer's views (its last published view stays and goes stale).</summary>
    public void Isolate(string observerId) => _isolated[observerId] = true;

    public void Reconnect(string observerId) => _isolated.TryRemove(observerId, out _);
}
