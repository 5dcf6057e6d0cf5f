namespace Failover.Core.Operations;

/// <summary>
/// What an operation will do, before it does it (dry-run): the steps, the chosen target and why, the data-loss
/// quote, the expected duration, and whether a human must approve.
/// </summary>
public sealed record OperationPlan(
    string ServiceId,
    OperationKind Kind,
    string SourceSiteId,
    string TargetSiteId,
    string TargetWhy,
    Epoch CurrentEpoch,
    Epoch NewEpoch,
    DataLossQuote Quote,
    IReadOnlyList<PlanStep> Steps,
    bool ApprovalRequired,
    string? ApprovalWhy,
    IReadOnlyList<string> Warnings)
{
    public TimeSpan ExpectedDuration => Steps.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.ExpectedDuration);
}
