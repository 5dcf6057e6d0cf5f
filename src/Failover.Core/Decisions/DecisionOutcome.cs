namespace Failover.Core.Decisions;

public enum DecisionOutcome
{
    /// <summary>Nothing is wrong.</summary>
    NoAction,

    /// <summary>Something is wrong but a guard forbids acting now; a human is told why.</summary>
    Hold,

    /// <summary>Start the operation without a human.</summary>
    Start,

    /// <summary>Ask a human, with the reason (and the data-loss quote).</summary>
    RequestApproval,
}
