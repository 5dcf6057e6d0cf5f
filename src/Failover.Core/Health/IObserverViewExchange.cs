namespace Failover.Core.Health;

/// <summary>
/// How observers share their views. Each observer publishes its own view and reads the latest view of every observer
/// (its own included). The control plane carries it over its HTTP API; tests and the simulation use
/// <see cref="InMemoryObserverViewExchange"/>. Implementations never throw for an unreachable peer: its view is simply
/// missing or old, and the quorum treats a missing or stale view as an abstention.
/// </summary>
public interface IObserverViewExchange
{
    ValueTask PublishAsync(ObserverView view, CancellationToken cancellationToken);

    /// <summary>The latest view known from each observer, keyed by observer id.</summary>
    ValueTask<IReadOnlyDictionary<string, ObserverView>> GetViewsAsync(CancellationToken cancellationToken);
}
