namespace Failover.Core.Agents;

/// <summary>What an agent answered: its status when it answered at all, or why not.</summary>
public sealed record AgentReply(AgentFailure Failure, string Detail, AgentStatus? Status)
{
    public bool Succeeded => Failure == AgentFailure.None;

    public static AgentReply Answered(AgentStatus status, string detail = "ok") => new(AgentFailure.None, detail, status);

    public static AgentReply Failed(AgentFailure failure, string detail) => new(failure, detail, null);
}
