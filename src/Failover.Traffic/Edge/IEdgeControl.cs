namespace Failover.Traffic.Edge;

/// <summary>Reads and switches an edge's routes, in process or over its admin listener; failures are results.</summary>
internal interface IEdgeControl
{
    /// <summary>The route of a service and whether the proxy routes by it already; null value when the service has no route.</summary>
    Task<BackendResult<EdgeRouteStatus?>> ReadAsync(string serviceId, CancellationToken cancellationToken);

    Task<EdgeApplyResult> ApplyAsync(EdgeServiceRoute route, CancellationToken cancellationToken);
}
