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
    IReadOnlyDictionary<string, string> FailingProbes)
{
    /// <summary>Each voting observer's view of the site.</summary>
    public IReadOnlyDictionary<string, HealthState> ObserverStates { get; init; } = new Dictionary<string, HealthState>();

    /// <summary>Every unhealthy probe behind the verdict, per observer, with since when and its last error.</summary>
    public IReadOnlyList<ProbeEvidence> Probes { get; init; } = [];

    /// <summary>How many observers must agree, and how many are configured.</summary>
    public int QuorumRequired { get; init; }

    public int ObserversConfigured { get; init; }
}

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

/// <summary>One probe's part in a verdict: who saw what, since when, and the last error.</summary>
public sealed record ProbeEvidence(
    string ObserverId,
    string TargetId,
    HealthState State,
    DateTimeOffset Since,
    TimeSpan UnhealthyFor,
    string? LastError,
    DateTimeOffset? LastFailureAt);
