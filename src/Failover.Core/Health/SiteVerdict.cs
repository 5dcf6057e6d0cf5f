namespace Failover.Core.Health;

/// <summary>The health of a target or a site as one observer, or the quorum of observers, judges it.</summary>
public enum HealthState
{
    Unknown,
    Healthy,
    Suspect,
    Down,
    Flapping,
    /// <summary>Only for a site: a quorum of observers saw it Down for the grace period.</summary>
    Lost,
}

/// <summary>Why a verdict is what it is, so a decision or a human can check it.</summary>
/// <param name="ObserversDown">Observers that currently see the site Down.</param>
/// <param name="ObserversVoting">Observers whose views counted (self-suspecting observers abstain).</param>
/// <param name="ObserversAbstaining">Observers that abstained, with the reason.</param>
/// <param name="FailingProbes">Target ids failing, with their last error.</param>
public sealed record VerdictEvidence(
    IReadOnlyList<string> ObserversDown,
    IReadOnlyList<string> ObserversVoting,
    IReadOnlyDictionary<string, string> ObserversAbstaining,
    IReadOnlyDictionary<string, string> FailingProbes);

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
