namespace Failover.Core.Replication;

/// <summary>What a member feeds: the replicas streaming from it and the replication slots it keeps WAL for.</summary>
public sealed record Downstream(IReadOnlyList<ReplicaObservation> Replicas, IReadOnlyList<SlotObservation> Slots)
{
    public static Downstream None { get; } = new([], []);
}
