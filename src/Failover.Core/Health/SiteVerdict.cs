namespace Failover.Core.Health;

/// <param name="Since">When the site entered <see cref="State"/> (for Lost: when the quorum first agreed it was Down).</param>
/// <param name="UnhealthyFor">Unhealthy time accumulated across oscillations.</param>
/// <param name="AutomaticActionBlocked">Set when the mass-failure brake (or another guard) forbids automatic decisions, with why.</param>
public sealed record SiteVerdict(
    string SiteId,
    HealthState State,
    DateTimeOffset Since,
    TimeSpan UnhealthyFor,
    bool QuorumConfirmed,
    string? AutomaticActionBlocked,
    VerdictEvidence Evidence)
{
    public bool IsLost => State == HealthState.Lost && QuorumConfirmed;
}
