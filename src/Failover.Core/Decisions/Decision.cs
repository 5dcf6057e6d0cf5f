namespace Failover.Core.Decisions;

public sealed record Decision(DecisionOutcome Outcome, string Reason);
