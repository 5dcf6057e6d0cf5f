namespace Failover.Core.Replication;

/// <summary>How far one replica has got, as its primary sees it.</summary>
/// <param name="Sent">WAL sent to the replica.</param>
/// <param name="Flush">WAL the replica has flushed to disk.</param>
/// <param name="Replay">WAL the replica has replayed.</param>
/// <param name="ReplayLag">Time between a commit on the primary and its replay on the replica; null when the primary has not measured it.</param>
/// <param name="LagBytes">WAL on the primary beyond <paramref name="Replay"/>.</param>
public sealed record ReplicaPositions(Lsn Sent, Lsn Flush, Lsn Replay, TimeSpan? ReplayLag, long LagBytes);
