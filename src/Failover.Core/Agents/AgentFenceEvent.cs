namespace Failover.Core.Agents;

/// <summary>A fence the agent carried out: when (wall clock, for people), under which epoch, why, and how long it took.</summary>
public sealed record AgentFenceEvent(DateTimeOffset At, Epoch? Epoch, string Reason, string Detail, TimeSpan Took);
