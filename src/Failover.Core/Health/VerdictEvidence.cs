namespace Failover.Core.Health;

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
