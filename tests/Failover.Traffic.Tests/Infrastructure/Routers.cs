using Failover.Core.Secrets;
using Failover.Core.Topology;
using Failover.Core.Traffic;
using Failover.Testing;

namespace Failover.Traffic.Tests.Infrastructure;

/// <summary>Routers built the product's way: through the factory, by the spec's kind.</summary>
public static class Routers
{
    public static TrafficOptions Options => new() { VerificationPollInterval = TimeSpan.FromMilliseconds(20), RequestTimeout = TimeSpan.FromSeconds(5) };

    public static ITrafficRouter Create(RouterSpec spec, ISecretResolver? secrets = null) =>
        new TrafficRouterFactory(secrets ?? TestSecrets.Instance, TimeProvider.System, Options).Create(spec);
}
