using Failover.Core.Topology;

namespace Failover.Core.Traffic;

/// <summary>Builds the router a service's configuration names, by the <see cref="RouterSpec.Kind"/> of its router.</summary>
public interface ITrafficRouterFactory
{
    /// <exception cref="NotSupportedException">The spec's kind has no router; the message names the kind and the router id.</exception>
    ITrafficRouter Create(RouterSpec spec);
}
