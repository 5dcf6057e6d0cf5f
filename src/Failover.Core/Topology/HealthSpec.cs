namespace Failover.Core.Topology;

public sealed record HealthSpec(HttpHealthCheck? Http);
