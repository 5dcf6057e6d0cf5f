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
