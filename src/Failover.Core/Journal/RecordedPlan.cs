using Failover.Core.Operations;

namespace Failover.Core.Journal;

/// <summary>The plan a journaled operation runs: where from and to, under which epoch, which steps, at what quoted loss.</summary>
/// <param name="ExpectedEpoch">The service epoch the plan was made under; any other epoch makes the steps stale.</param>
/// <param name="NewEpoch">The epoch after the promotion (equal to <paramref name="ExpectedEpoch"/> for kinds that do not promote).</param>
/// <param name="Steps">The plan's step names in order.</param>
public sealed record RecordedPlan(
    string SourceSiteId,
    string TargetSiteId,
    string TargetWhy,
    Epoch ExpectedEpoch,
    Epoch NewEpoch,
    IReadOnlyList<string> Steps,
    DataLossQuote Quote,
    bool ApprovalRequired = false,
    string? ApprovalWhy = null)
{
    public static RecordedPlan From(OperationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new(
            plan.SourceSiteId, plan.TargetSiteId, plan.TargetWhy, plan.CurrentEpoch, plan.NewEpoch, plan.Steps.Select(s => s.Name).ToList(), plan.Quote,
            plan.ApprovalRequired, plan.ApprovalWhy);
    }

    /// <summary>No plan (a refused request): no steps, the service's current primary and epoch, and the target as asked.</summary>
    public static RecordedPlan None(string sourceSiteId, string targetSiteId, Epoch epoch) =>
        new(sourceSiteId, targetSiteId, "", epoch, epoch, [], new DataLossQuote(null, null, false, "not planned"));
}
