using System.Net;

namespace Failover.Core.Traffic;

/// <summary>One destination with its share of traffic (1.0 for a full move).</summary>
public sealed record WeightedTarget(string SiteId, IReadOnlyList<IPAddress> Addresses, IReadOnlyList<Uri> Upstreams, double Weight);
