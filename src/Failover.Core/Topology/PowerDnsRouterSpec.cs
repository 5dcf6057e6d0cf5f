namespace Failover.Core.Topology;

public sealed record PowerDnsRouterSpec(string Id, Uri ApiUrl, string ServerId, string Zone, SecretReference ApiKey, IReadOnlyList<HostEndpoint> Nameservers)
    : RouterSpec(Id)
{
    public override string Kind => "powerdns";
}
