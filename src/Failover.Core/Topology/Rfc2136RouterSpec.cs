namespace Failover.Core.Topology;

public sealed record Rfc2136RouterSpec(
    string Id, HostEndpoint Server, string Zone, string TsigKeyName, string TsigAlgorithm, SecretReference TsigSecret, IReadOnlyList<HostEndpoint> Nameservers)
    : RouterSpec(Id)
{
    public override string Kind => "rfc2136";
}
