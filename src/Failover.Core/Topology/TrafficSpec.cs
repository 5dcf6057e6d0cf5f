namespace Failover.Core.Topology;

public sealed record TrafficSpec(string RouterId, string DnsName, TimeSpan Ttl);
