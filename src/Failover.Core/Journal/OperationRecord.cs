using Failover.Core.Operations;

namespace Failover.Core.Journal;

/// <summary>
/// One operation as journaled: the request (who, why, evidence), the plan it runs, where it is, and its measured
/// outcome. Written before and after each step, so it is both the resume point and the audit trail.
/// </summary>
/// <param name="ExpectedEpoch">The service epoch the plan was made under; any other epoch makes the steps stale.</param>
/// <param name="NewEpoch">The epoch after the promotion (equal to <paramref name="ExpectedEpoch"/> for kinds that do not promote).</param>
/// <param name="Steps">The plan's step names in order.</param>
/// <param name="NextStep">Index of the next step to run (re-run after a crash: steps are idempotent).</param>
/// <param name="PrimaryLsnSeen">The highest position the control plane saw on the source primary, journaled with each step so a restarted engine quotes from it.</param>
/// <param name="Variant">Drills only: which drill (from the request).</param>
/// <param name="PendingStatus">
/// Set when the operation failed or was cancelled but still has steps marked <see cref="IOperationStep.AlwaysRuns"/> (a drill's
/// cleanup) to run: the operation keeps running those steps, then ends with this status and <paramref name="PendingOutcome"/>.
/// </param>
/// <param name="DetectedAt">When the trouble began (the verdict's Lost-since for automatic failover); RTO counts from here.</param>
public sealed record OperationRecord(
    string Id,
    string ServiceId,
    OperationKind Kind,
    OperationStatus Status,
    string RequestedBy,
    string Reason,
    IReadOnlyList<string> Evidence,
    bool Force,
    string SourceSiteId,
    string TargetSiteId,
    string TargetWhy,
    Epoch ExpectedEpoch,
    Epoch NewEpoch,
    IReadOnlyList<string> Steps,
    int NextStep,
    bool PointOfNoReturnPassed,
    DataLossQuote Quote,
    bool ApprovalRequired,
    string? ApprovalWhy,
    string? ApprovedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? DetectedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    TimeSpan? MeasuredRto,
    long? MeasuredDataLossBytes,
    string? Outcome,
    bool CancelRequested = false,
    bool AnyStepActed = false,
    Replication.Lsn? PrimaryLsnSeen = null,
    string? Variant = null,
    OperationStatus? PendingStatus = null,
    string? PendingOutcome = null,
    DateTimeOffset? CleanupStartedAt = null)
{
    public bool IsAutomatic => RequestedBy == OperationRequest.EngineActor;
}
