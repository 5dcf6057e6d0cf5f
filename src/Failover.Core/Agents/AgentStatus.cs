namespace Failover.Core.Agents;

/// <summary>An agent's report on its member.</summary>
/// <param name="HighestEpoch">The highest epoch the agent has seen (kept across its restarts).</param>
/// <param name="Lease">The write lease it holds now, or null (none, or expired).</param>
/// <param name="Fenced">True while the member cannot commit because the agent fenced it.</param>
/// <param name="ServerRunning">True when the agent's PostgreSQL server process runs.</param>
/// <param name="Fences">The fences the agent journaled, oldest first.</param>
public sealed record AgentStatus(
    string ServiceId,
    string SiteId,
    Epoch? HighestEpoch,
    AgentLease? Lease,
    bool Fenced,
    bool ServerRunning,
    AgentMemberView Member,
    IReadOnlyList<AgentFenceEvent> Fences,
    DateTimeOffset ReportedAt);
