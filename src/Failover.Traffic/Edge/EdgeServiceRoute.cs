using Failover.Core;

namespace Failover.Traffic.Edge;

/// <summary>
/// Where the edge sends one service: requests whose Host is <see cref="Host"/> (or whose path starts with
/// <c>/{ServiceId}/</c>) go to the upstreams of <see cref="Targets"/>, each site receiving its share of requests.
/// </summary>
public sealed record EdgeServiceRoute(string ServiceId, string Host, IReadOnlyList<EdgeSiteTarget> Targets, Epoch Epoch)
{
    /// <summary>Same routing and epoch, with weights compared after normalisation.</summary>
    public bool SameAs(EdgeServiceRoute other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ServiceId == other.ServiceId
            && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
            && Epoch == other.Epoch
            && SameTargets(other);
    }

    public bool SameTargets(EdgeServiceRoute other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = Normalized().Targets;
        var theirs = other.Normalized().Targets;
        return mine.Count == theirs.Count && mine.All(t => theirs.Any(o =>
            o.SiteId == t.SiteId && Math.Abs(o.Weight - t.Weight) < 1e-9 && o.Upstreams.ToHashSet().SetEquals(t.Upstreams)));
    }

    /// <summary>Drops zero-weight targets and scales the others to a total of 1.</summary>
    public EdgeServiceRoute Normalized()
    {
        var active = Targets.Where(t => t.Weight > 0).ToList();
        var total = active.Sum(t => t.Weight);
        return this with { Targets = [.. active.Select(t => t with { Weight = t.Weight / total })] };
    }

    /// <summary>The first problem found, naming the field; null when the route can be applied.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(ServiceId) || ServiceId.Contains('/', StringComparison.Ordinal))
        {
            return "ServiceId must be a non-empty name without '/'";
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            return $"Host of service {ServiceId} is empty";
        }

        if (Targets is null || Targets.Any(t => double.IsNaN(t.Weight) || double.IsInfinity(t.Weight) || t.Weight < 0))
        {
            return $"Targets of service {ServiceId} must have finite weights >= 0";
        }

        var active = Targets.Where(t => t.Weight > 0).ToList();
        if (active.Count == 0)
        {
            return $"Targets of service {ServiceId} must give a positive weight to at least one site";
        }

        if (active.GroupBy(t => t.SiteId).Any(g => g.Count() > 1))
        {
            return $"Targets of service {ServiceId} name a site twice";
        }

        var bad = active.FirstOrDefault(t => t.Upstreams is null || t.Upstreams.Count == 0
            || t.Upstreams.Any(u => !u.IsAbsoluteUri || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps)));
        return bad is null ? null : $"site {bad.SiteId} of service {ServiceId} needs at least one absolute http(s) upstream";
    }
}
