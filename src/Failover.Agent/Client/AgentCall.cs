using Failover.Core.Agents;

namespace Failover.Agent.Client;

/// <summary>One HTTP call to an agent: why it failed (or <see cref="AgentFailure.None"/>), in words, and the answer's body.</summary>
internal sealed record AgentCall(AgentFailure Failure, string Detail, string? Body);
