using Failover.Core.Net;
using Failover.Core.Topology;

namespace Failover.Core.Traffic;

/// <summary>
/// Builds switch requests from the topology: the route is the service's public name on its router, a target is a
/// site's ingress addresses (for DNS) and its application upstreams (for an edge). A site declares no upstream URL of
/// its own, so an upstream is <c>{scheme}://{ingress}:{port}/</c> from the service's HTTP health check.
/// </summary>
public static class SwitchRequests
{
    public static TrafficRoute RouteOf(Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new TrafficRoute(service.Id, service.Traffic.RouterId, service.Traffic.DnsName);
    }

    public static WeightedTarget TargetOf(Service service, Site site, double weight = 1.0)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(site);
        IReadOnlyList<Uri> upstreams = service.Health.Http is { } http
            ? [.. site.Ingress.Select(ip => HostUri.For(http.Scheme, ip, http.Port))]
            : [];
        return new WeightedTarget(site.Id, site.Ingress, upstreams, weight);
    }

    /// <summary>All of the service's traffic to <paramref name="site"/>, at the service's TTL.</summary>
    public static SwitchRequest FullMove(Service service, Site site, Epoch epoch, TimeSpan verificationTimeout)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new SwitchRequest(RouteOf(service), [TargetOf(service, site)], service.Traffic.Ttl, epoch, verificationTimeout);
    }

    /// <summary>A staged move or failback: each site gets its share (edge routers only; DNS routers refuse a split).</summary>
    public static SwitchRequest Split(Service service, IEnumerable<(Site Site, double Weight)> shares, Epoch epoch, TimeSpan verificationTimeout)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(shares);
        return new SwitchRequest(RouteOf(service), [.. shares.Select(s => TargetOf(service, s.Site, s.Weight))], service.Traffic.Ttl, epoch, verificationTimeout);
    }
}
