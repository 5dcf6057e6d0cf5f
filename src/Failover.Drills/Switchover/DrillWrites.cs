namespace Failover.Drills.Switchover;

/// <summary>The writes of a drill's writer: the ids the service acknowledged, and how many attempts failed (expected while it moves).</summary>
public sealed record DrillWrites(IReadOnlyList<long> AcknowledgedIds, long FailedAttempts);
