using Failover.Core.Journal;

namespace Failover.ControlPlane.Api;

/// <summary>An operation as the API shows it: request, plan, progress, measured outcome, and (for one operation) its audit trail.</summary>
public sealed record OperationView(
    string Id, string Service, string Kind, string Status, string RequestedBy, string Reason, string Source, string Target, string TargetWhy,
    long Epoch, IReadOnlyList<string> Steps, int NextStep, bool PointOfNoReturnPassed, string Quote, bool ApprovalRequired, string? ApprovalWhy, string? ApprovedBy,
    bool Force, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, double? RtoSeconds, long? DataLossBytes, string? Outcome,
    IReadOnlyList<string> Evidence, IReadOnlyList<EntryView>? Journal)
{
    internal static OperationView From(OperationRecord o) => From(o, null);

    internal static OperationView From(OperationRecord o, IReadOnlyList<JournalEntry>? entries)
    {
        var (request, plan, progress, outcome) = (o.Request, o.Plan, o.Progress, o.Outcome);
        return new(
            o.Id, o.ServiceId, o.Kind.ToString().ToLowerInvariant(), o.Status.ToString().ToLowerInvariant(), request.RequestedBy, request.Reason,
            plan.SourceSiteId, plan.TargetSiteId, plan.TargetWhy, plan.NewEpoch.Value, plan.Steps, progress.NextStep, progress.PointOfNoReturnPassed,
            plan.Quote.ToString(), plan.ApprovalRequired, plan.ApprovalWhy, progress.ApprovedBy, request.Force, request.CreatedAt, progress.StartedAt,
            outcome.EndedAt, outcome.MeasuredRto?.TotalSeconds, outcome.MeasuredDataLossBytes, outcome.Summary, request.Evidence,
            entries?.Select(e => new EntryView(e.At, e.Kind.ToString(), e.Step, e.Actor, e.Detail)).ToList());
    }
}
