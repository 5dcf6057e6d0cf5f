namespace Failover.Core.Traffic;

/// <summary>Moves a service's public entry to one site. Chosen per service by its router's kind in the configuration.</summary>
public interface ITrafficRouter
{
    string Kind { get; }

    /// <summary>Where traffic points now, as the router itself (not a cache) reports it.</summary>
    Task<TrafficState> ReadAsync(TrafficRoute route, CancellationToken cancellationToken);

    /// <summary>Points the route at <paramref name="request"/>'s target, verifies it at the source, and never throws for a router failure.</summary>
    Task<SwitchResult> SwitchAsync(SwitchRequest request, CancellationToken cancellationToken);
}
