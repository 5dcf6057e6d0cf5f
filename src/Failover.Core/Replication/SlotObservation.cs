namespace Failover.Core.Replication;

/// <summary>One row of <c>pg_replication_slots</c>.</summary>
public sealed record SlotObservation(string Name, bool Active, Lsn? RestartLsn);
