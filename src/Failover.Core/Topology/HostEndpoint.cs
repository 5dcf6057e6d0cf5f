using Failover.Core.Net;

namespace Failover.Core.Topology;

public sealed record HostEndpoint(string Host, int Port)
{
    public override string ToString() => HostUri.Authority(Host, Port);
}
