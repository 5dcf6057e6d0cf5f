namespace Failover.Core.Health;

/// <summary>One probe's part in a verdict: who saw what, since when, and the last error.</summary>
public sealed record ProbeEvidence(
    string ObserverId,
    string TargetId,
    HealthState State,
    DateTimeOffset Since,
    TimeSpan UnhealthyFor,
    string? LastError,
    DateTimeOffset? LastFailureAt);
