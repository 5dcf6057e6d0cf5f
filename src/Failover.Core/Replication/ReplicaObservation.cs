namespace Failover.Core.Replication;

/// <summary>One row of <c>pg_stat_replication</c> seen from a primary: who the replica is, its state, and how far it has got.</summary>
/// <param name="State">The WAL sender's state (<c>streaming</c>, <c>catchup</c>…).</param>
/// <param name="SyncState">How the replica counts for synchronous commit (<c>async</c>, <c>sync</c>, <c>quorum</c>…).</param>
public sealed record ReplicaObservation(string ApplicationName, string? ClientAddress, string State, string SyncState, ReplicaPositions Positions)
{
    public TimeSpan? ReplayLag => Positions.ReplayLag;
}
