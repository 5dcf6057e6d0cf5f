namespace Failover.Core.Operations;

/// <summary>One named step of a plan as a human previews it.</summary>
public sealed record PlanStep(string Name, string Description, TimeSpan ExpectedDuration, bool IsPointOfNoReturn);

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

/// <summary>A plan, or why there is none.</summary>
public sealed record PlanResult(OperationPlan? Plan, string? Refusal)
{
    public static PlanResult Refused(string why) => new(null, why);

    public bool IsRefused => Plan is null;
}
