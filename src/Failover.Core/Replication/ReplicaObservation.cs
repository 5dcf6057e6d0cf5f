namespace Failover.Core.Replication;

/// <summary>One row of <c>pg_stat_replication</c> seen from a primary: who the replica is, its state, and how far it has got.</summary>
/// <param name="State">The WAL sender's state (<c>streaming</c>, <c>catchup</c>…).</param>
/// <param name="SyncState">How the replica counts for synchronous commit (<c>async</c>, <c>sync</c>, <c>quorum</c>…).</param>
public sealed record ReplicaObservation(string ApplicationName, string? ClientAddress, string State, string SyncState, ReplicaPositions Positions)
{
    public TimeSpan? ReplayLag => Positions.ReplayLag;

    /// <summary>
    /// True when the primary waits for this replica to acknowledge commits: <c>sync</c> (FIRST n, or a plain list) or
    /// <c>quorum</c> (ANY n). PostgreSQL gives either state only to a WAL sender that streams.
    /// </summary>
    public bool Synchronous =>
        string.Equals(SyncState, "sync", StringComparison.OrdinalIgnoreCase) || string.Equals(SyncState, "quorum", StringComparison.OrdinalIgnoreCase);

    public bool Quorum => string.Equals(SyncState, "quorum", StringComparison.OrdinalIgnoreCase);
}
