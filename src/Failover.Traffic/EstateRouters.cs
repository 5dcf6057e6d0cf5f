using Failover.Core.Topology;
using Failover.Core.Traffic;

namespace Failover.Traffic;

/// <summary>
/// The routers the engine drives for an estate: one per kind, each sending a route to the router its service names
/// (an estate may hold several routers of one kind, two PowerDNS servers say).
/// </summary>
public sealed class EstateRouters
{
    public EstateRouters(IReadOnlyList<ITrafficRouter> routers)
    {
        ArgumentNullException.ThrowIfNull(routers);
        Routers = routers;
    }

    public IReadOnlyList<ITrafficRouter> Routers { get; }

    /// <summary>The estate's routers, built by <paramref name="factory"/>.</summary>
    public static EstateRouters For(Estate estate, ITrafficRouterFactory factory)
    {
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(factory);
        return new EstateRouters(RouterDispatch.For(estate, factory));
    }
}
