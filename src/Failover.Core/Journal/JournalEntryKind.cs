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
