namespace Failover.Core.Journal;

public enum JournalEntryKind
{
    Requested,
    Refused,
    ApprovalRequested,
    Approved,
    ApprovalRefused,
    Expired,
    Queued,
    Started,
    Resumed,
    StepStarted,
    StepSucceeded,
    StepRetry,
    StepFailed,
    StaleEpochRefused,
    Forced,
    CancelRequested,
    CancelRefused,
    Cancelled,
    Succeeded,
    Failed,

    /// <summary>The operation failed or was cancelled; its steps that always run (cleanup) run before it ends.</summary>
    CleanupScheduled,
}

/// <summary>One line of the audit trail of an operation.</summary>
/// <param name="Actor">Who caused it: a person, or <c>engine</c>.</param>
public sealed record JournalEntry(string OperationId, DateTimeOffset At, JournalEntryKind Kind, string? Step, string Actor, string Detail);
