namespace Failover.Core.Operations;

/// <summary>A plan, or why there is none.</summary>
public sealed record PlanResult(OperationPlan? Plan, string? Refusal)
{
    public static PlanResult Refused(string why) => new(null, why);

    public bool IsRefused => Plan is null;
}
