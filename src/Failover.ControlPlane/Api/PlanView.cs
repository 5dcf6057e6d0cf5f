using Failover.Core.Operations;

namespace Failover.ControlPlane.Api;

public sealed record PlanView(string Service, string Kind, string Source, string Target, string TargetWhy, string Quote, bool WithinBudget, bool ApprovalRequired,
    string? ApprovalWhy, double ExpectedSeconds, IReadOnlyList<PlanStepView> Steps)
{
    internal static PlanView From(OperationPlan p) => new(
        p.ServiceId, p.Kind.ToString().ToLowerInvariant(), p.SourceSiteId, p.TargetSiteId, p.TargetWhy, p.Quote.ToString(), p.Quote.WithinBudget, p.ApprovalRequired,
        p.ApprovalWhy, p.ExpectedDuration.TotalSeconds, p.Steps.Select(s => new PlanStepView(s.Name, s.Description, s.ExpectedDuration.TotalSeconds, s.IsPointOfNoReturn)).ToList());
}
