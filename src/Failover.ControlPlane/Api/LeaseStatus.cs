namespace Failover.ControlPlane.Api;

/// <summary>
/// A member's write lease as the acting control plane knows it: how long ago it last sent a grant (null: none this
/// term), how long the lease may still hold by its ledger (last grant or term start + TTL + margin; 0 once it has run
/// out), and what the agent last answered.
/// </summary>
/// <param name="AgentAnswered">Whether the agent answered the last grant (null: no grant sent yet).</param>
/// <param name="AgentFenced">Whether the agent's last answer said its member is fenced.</param>
/// <param name="AgentProblem">Why the last grant failed, when it did.</param>
public sealed record LeaseStatus(double? LastGrantAgeSeconds, double RemainingSeconds, bool? AgentAnswered, bool? AgentFenced, string? AgentProblem);
