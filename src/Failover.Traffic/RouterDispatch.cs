using Failover.Core.Topology;
using Failover.Core.Traffic;

namespace Failover.Traffic;

/// <summary>
/// The engine picks a router by kind; an estate may hold several routers of one kind (two PowerDNS servers, say).
/// One dispatcher per kind sends each route to the router its service names.
/// </summary>
internal sealed class RouterDispatch(string kind, IReadOnlyDictionary<string, ITrafficRouter> byId) : ITrafficRouter
{
    public string Kind => kind;

    public static IReadOnlyList<ITrafficRouter> For(Estate estate, ITrafficRouterFactory factory) =>
        estate.Routers.GroupBy(r => r.Kind, StringComparer.Ordinal)
            .Select(g => (ITrafficRouter)new RouterDispatch(g.Key, g.ToDictionary(r => r.Id, factory.Create, StringComparer.Ordinal)))
            .ToList();

    public Task<TrafficState> ReadAsync(TrafficRoute route, CancellationToken cancellationToken) => Router(route).ReadAsync(route, cancellationToken);

    public Task<SwitchResult> SwitchAsync(SwitchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Router(request.Route).SwitchAsync(request, cancellationToken);
    }

    private ITrafficRouter Router(TrafficRoute route) =>
        byId.TryGetValue(route.RouterId, out var router)
            ? router
            : throw new InvalidOperationException($"no {kind} router '{route.RouterId}' in the estate");
}
