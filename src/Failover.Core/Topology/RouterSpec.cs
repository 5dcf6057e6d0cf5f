namespace Failover.Core.Topology;

/// <summary>Where a service's traffic is switched; the kind is chosen per service by the configuration.</summary>
public abstract record RouterSpec(string Id)
{
    public abstract string Kind { get; }
}

public sealed record PowerDnsRouterSpec(string Id, Uri ApiUrl, string ServerId, string Zone, SecretReference ApiKey, IReadOnlyList<HostEndpoint> Nameservers)
    : RouterSpec(Id)
{
    public override string Kind => "powerdns";
}

public sealed record Rfc2136RouterSpec(
    string Id, HostEndpoint Server, string Zone, string TsigKeyName, string TsigAlgorithm, SecretReference TsigSecret, IReadOnlyList<HostEndpoint> Nameservers)
    : RouterSpec(Id)
{
    public override string Kind => "rfc2136";
}

public sealed record EdgeRouterSpec(string Id, Uri? AdminUrl) : RouterSpec(Id)
{
    public override string Kind => "edge";
}
