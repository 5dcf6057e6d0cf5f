namespace Failover.Core.Agents;

/// <summary>A lease as the agent holds it: <paramref name="Remaining"/> is read off the agent's monotonic clock.</summary>
public sealed record AgentLease(Epoch Epoch, bool Primary, string Holder, TimeSpan Remaining);
