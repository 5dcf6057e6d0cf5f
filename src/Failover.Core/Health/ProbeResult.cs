namespace Failover.Core.Health;

/// <summary>Why a probe failed; a failed probe is a result, never an exception through a sweep.</summary>
public enum ProbeFailureReason
{
    None,
    Dns,
    Refused,
    Timeout,
    Tls,
    Status,
    Body,
    Auth,
    Role,
    Unavailable,
    Error,
}

public sealed record ProbeResult(string TargetId, DateTimeOffset StartedAt, TimeSpan Latency, ProbeFailureReason Reason, string? Detail)
{
    public bool Succeeded => Reason == ProbeFailureReason.None;
}
