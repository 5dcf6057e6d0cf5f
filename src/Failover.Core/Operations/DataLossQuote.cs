namespace Failover.Core.Operations;

/// <summary>
/// How much committed data a promotion would lose, estimated from the last known primary position and the
/// candidate's replay position. Unknown lag is never within budget.
/// </summary>
/// <param name="LagBytes">WAL bytes the candidate has not replayed; null when a position is unknown.</param>
/// <param name="LagTime">Commit-time lag; null when unknown.</param>
/// <param name="WithinBudget">True when the service's RPO budget allows this loss.</param>
/// <param name="Basis">What the estimate rests on, for a human.</param>
public sealed record DataLossQuote(long? LagBytes, TimeSpan? LagTime, bool WithinBudget, string Basis)
{
    public static DataLossQuote None(string basis) => new(0, TimeSpan.Zero, true, basis);

    public override string ToString() =>
        LagBytes is { } b ? $"{b} bytes{(LagTime is { } t ? $" / {t.TotalSeconds:0.###} s" : "")} ({(WithinBudget ? "within" : "BEYOND")} budget; {Basis})" : $"unknown ({Basis})";
}
