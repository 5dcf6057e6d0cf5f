namespace Failover.Core.Health;

public sealed record PostgresProbeTarget(string Id, string SiteId, TimeSpan Interval, TimeSpan Timeout, Replication.DatabaseMember Member, Replication.DatabaseRole? ExpectedRole)
    : ProbeTarget(Id, SiteId, Interval, Timeout);
