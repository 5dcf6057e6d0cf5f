namespace Failover.Core.Topology;

public sealed record EdgeRouterSpec(string Id, Uri? AdminUrl) : RouterSpec(Id)
{
    public override string Kind => "edge";
}
