namespace Failover.Traffic.Edge;

/// <summary>One site's upstreams and its share of the service's requests (any positive scale; normalised on apply).</summary>
public sealed record EdgeSiteTarget(string SiteId, IReadOnlyList<Uri> Upstreams, double Weight);
