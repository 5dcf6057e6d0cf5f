using Failover.Core.Replication;

namespace Failover.Core.Agents;

/// <summary>One standby streaming from the member (<c>pg_stat_replication</c>): its name, sync state and positions.</summary>
public sealed record AgentReplicaView(string Name, string SyncState, Lsn? Flush, Lsn? Replay);
