using Failover.Core.Operations;
using Failover.Core.Replication;

namespace Failover.Core.Journal;

/// <summary>
/// One operation as journaled: its request, the plan it runs, where it is, and how it ended. Written before and
/// after each step, so it is both the resume point and the audit trail. Built by <see cref="Requested"/>,
/// <see cref="Refused"/> or <see cref="Running"/>; moved on by the methods that name each change.
/// </summary>
public sealed record OperationRecord(
    string Id,
    string ServiceId,
    OperationKind Kind,
    OperationStatus Status,
    RecordedRequest Request,
    RecordedPlan Plan,
    OperationProgress Progress,
    OperationOutcome Outcome)
{
    /// <summary>A planned request, awaiting approval or queued as its plan says.</summary>
    /// <param name="approvalExpiry">How long a request awaiting approval stands.</param>
    /// <param name="detectedAt">When the trouble began; null counts from now.</param>
    /// <param name="primaryLsnSeen">The source primary's last position the control plane saw.</param>
    public static OperationRecord Requested(
        string id, OperationRequest request, OperationPlan plan, IReadOnlyList<string> evidence, DateTimeOffset at, TimeSpan approvalExpiry,
        DateTimeOffset? detectedAt, Lsn? primaryLsnSeen)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);
        var asked = RecordedRequest.Of(request, at) with
        {
            Evidence = evidence,
            ExpiresAt = plan.ApprovalRequired ? at + approvalExpiry : null,
            DetectedAt = detectedAt ?? at,
        };
        return new(
            id, request.ServiceId, request.Kind, plan.ApprovalRequired ? OperationStatus.AwaitingApproval : OperationStatus.Queued,
            asked, RecordedPlan.From(plan), OperationProgress.None with { PrimaryLsnSeen = primaryLsnSeen }, OperationOutcome.Pending);
    }

    /// <summary>A request refused before any plan ran: it names the service's current primary and epoch, and why.</summary>
    public static OperationRecord Refused(string id, OperationRequest request, ServiceState state, string why, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(state);
        return new(
            id, request.ServiceId, request.Kind, OperationStatus.Refused, RecordedRequest.Of(request, at),
            RecordedPlan.None(state.PrimarySiteId, request.TargetSiteId ?? "", state.Epoch), OperationProgress.None,
            OperationOutcome.Pending with { EndedAt = at, Summary = why });
    }

    /// <summary>An operation run from its start by a runner of its own (not queued in the engine).</summary>
    public static OperationRecord Running(string id, OperationRequest request, RecordedPlan plan, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(
            id, request.ServiceId, request.Kind, OperationStatus.Running, RecordedRequest.Of(request, at), plan,
            OperationProgress.None with { StartedAt = at }, OperationOutcome.Pending);
    }

    public OperationRecord Approved(string approver) =>
        this with { Status = OperationStatus.Queued, Progress = Progress with { ApprovedBy = approver } };

    public OperationRecord Started(DateTimeOffset at) =>
        this with { Status = OperationStatus.Running, Progress = Progress with { StartedAt = at } };

    /// <summary>About to run the next step, which may act: journaled before it does.</summary>
    public OperationRecord Acting(bool pointOfNoReturn, Lsn? primaryLsnSeen) => this with
    {
        Progress = Progress with
        {
            PointOfNoReturnPassed = Progress.PointOfNoReturnPassed || pointOfNoReturn,
            AnyStepActed = true,
            PrimaryLsnSeen = primaryLsnSeen is { } l && (Progress.PrimaryLsnSeen is not { } p || l > p) ? l : Progress.PrimaryLsnSeen,
        },
    };

    /// <summary>The next step is done; it may have measured the data loss.</summary>
    public OperationRecord StepDone(long? dataLossBytes) => this with
    {
        Progress = Progress with { NextStep = Progress.NextStep + 1 },
        Outcome = Outcome with { MeasuredDataLossBytes = dataLossBytes ?? Outcome.MeasuredDataLossBytes },
    };

    public OperationRecord AtStep(int next) => this with { Progress = Progress with { NextStep = next } };

    /// <summary>Stopped with <paramref name="status"/>; runs its cleanup from step <paramref name="cleanup"/> before it ends.</summary>
    public OperationRecord CleaningUp(int cleanup, OperationStatus status, string reason, DateTimeOffset at) =>
        this with { Progress = Progress with { NextStep = cleanup, PendingEnd = new PendingEnd(status, reason, at) } };

    public OperationRecord Ended(OperationStatus status, DateTimeOffset at, string summary, TimeSpan? measuredRto = null) =>
        this with { Status = status, Outcome = Outcome with { EndedAt = at, Summary = summary, MeasuredRto = measuredRto ?? Outcome.MeasuredRto } };
}
