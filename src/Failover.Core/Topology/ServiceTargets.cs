namespace Failover.Core.Topology;

public sealed record ServiceTargets(TimeSpan Rto, TimeSpan Rpo);
