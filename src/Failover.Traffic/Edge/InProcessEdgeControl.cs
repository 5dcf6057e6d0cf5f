namespace Failover.Traffic.Edge;

internal sealed class InProcessEdgeControl : IEdgeControl
{
    private readonly EdgeProxy _proxy;

    public InProcessEdgeControl(EdgeProxy proxy) => _proxy = proxy;

    public Task<BackendResult<EdgeRouteStatus?>> ReadAsync(string serviceId, CancellationToken cancellationToken)
    {
        var route = _proxy.Read(serviceId);
        var status = route is null ? null : new EdgeRouteStatus(route, _proxy.IsLive(route));
        return Task.FromResult(BackendResult<EdgeRouteStatus?>.Ok(status));
    }

    public Task<EdgeApplyResult> ApplyAsync(EdgeServiceRoute route, CancellationToken cancellationToken) => Task.FromResult(_proxy.Apply(route));
}
