using Failover.Core.Replication;

namespace Failover.Core.Engine;

/// <summary>
/// The freshest direct evidence of a primary's position: the highest position seen on it, when it was last seen (over
/// SQL, or in its site agent's report), the replicas it listed then (their <c>sync_state</c> and flushed positions), and
/// whether it was fenced (a fenced primary commits nothing more: its position is final however old the evidence).
/// </summary>
public sealed record PrimaryHighWater(string SiteId, Lsn Lsn, DateTimeOffset ObservedAt, ulong? SystemIdentifier)
{
    /// <summary>The replicas streaming from the primary at <see cref="ObservedAt"/> (<c>pg_stat_replication</c>).</summary>
    public IReadOnlyList<ReplicaObservation> Replicas { get; init; } = [];

    /// <summary>Where the evidence comes from, for a human ("observed", "its agent's report", "journaled").</summary>
    public string Source { get; init; } = "observed";

    /// <summary>True when the primary was fenced at <see cref="ObservedAt"/>.</summary>
    public bool Fenced { get; init; }

    /// <summary>The replica row of <paramref name="siteId"/>, or null when the primary did not list it.</summary>
    public ReplicaObservation? ReplicaOf(string siteId) => Replicas.FirstOrDefault(r => ReplicaNames.Names(r.ApplicationName, siteId));
}
