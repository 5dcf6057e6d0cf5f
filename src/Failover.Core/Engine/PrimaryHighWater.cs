using Failover.Core.Replication;

namespace Failover.Core.Engine;

public sealed record PrimaryHighWater(string SiteId, Lsn Lsn, DateTimeOffset ObservedAt, ulong? SystemIdentifier);
