using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Failover.Traffic.Edge;

/// <summary>
/// Smooth weighted round robin (the nginx algorithm) over a cluster's destinations, each weighted by its
/// <see cref="WeightKey"/> metadata: over any window of requests every destination gets its share within one request,
/// deterministically, so a 10 % step sends 10 % and not "about 10 % on average".
/// </summary>
internal sealed class WeightedSiteLoadBalancingPolicy : ILoadBalancingPolicy
{
    public const string PolicyName = "FailoverWeightedSites";
    public const string WeightKey = "failover.weight";
    public const string SiteKey = "failover.site";

    private readonly ConcurrentDictionary<string, RoundRobin> _clusters = new(StringComparer.Ordinal);

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(availableDestinations);
        if (availableDestinations.Count <= 1)
        {
            return availableDestinations.Count == 0 ? null : availableDestinations[0];
        }

        return _clusters.GetOrAdd(cluster.ClusterId, _ => new RoundRobin()).Pick(availableDestinations);
    }

    internal static double WeightOf(DestinationState destination) =>
        destination.Model.Config.Metadata?.TryGetValue(WeightKey, out var text) == true
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) && weight > 0
            ? weight
            : 0;

    private sealed class RoundRobin
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, double> _current = new(StringComparer.Ordinal);

        public DestinationState? Pick(IReadOnlyList<DestinationState> destinations)
        {
            lock (_lock)
            {
                DestinationState? best = null;
                var bestWeight = double.NegativeInfinity;
                var total = 0d;
                foreach (var destination in destinations)
                {
                    var weight = WeightOf(destination);
                    if (weight <= 0)
                    {
                        continue;
                    }

                    total += weight;
                    var current = _current.GetValueOrDefault(destination.DestinationId) + weight;
                    _current[destination.DestinationId] = current;
                    if (current > bestWeight)
                    {
                        best = destination;
                        bestWeight = current;
                    }
                }

                if (best is null)
                {
                    return null;
                }

                _current[best.DestinationId] -= total;
                if (_current.Count > destinations.Count * 4)
                {
                    // Destinations of past configurations: forget them rather than grow.
                    var live = destinations.Select(d => d.DestinationId).ToHashSet(StringComparer.Ordinal);
                    foreach (var stale in _current.Keys.Where(k => !live.Contains(k)).ToList())
                    {
                        _current.Remove(stale);
                    }
                }

                return best;
            }
        }
    }
}
