namespace Failover.Core.Topology;

/// <summary>Where a service's traffic is switched; the kind is chosen per service by the configuration.</summary>
public abstract record RouterSpec(string Id)
{
    public abstract string Kind { get; }
}
