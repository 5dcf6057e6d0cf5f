namespace Failover.Core.Health;

public sealed record TcpProbeTarget(string Id, string SiteId, TimeSpan Interval, TimeSpan Timeout, string Host, int Port)
    : ProbeTarget(Id, SiteId, Interval, Timeout);
