namespace Failover.Core.Agents;

public enum AgentFailure
{
    None,

    /// <summary>No answer: connection refused, reset, or no route.</summary>
    Unreachable,

    /// <summary>No answer within the call's deadline.</summary>
    Timeout,

    /// <summary>The agent has seen a higher epoch than the caller's.</summary>
    StaleEpoch,

    /// <summary>The agent answered and refused (bad request, authentication, a state that forbids the call).</summary>
    Refused,

    /// <summary>The agent failed doing what was asked.</summary>
    Error,
}
