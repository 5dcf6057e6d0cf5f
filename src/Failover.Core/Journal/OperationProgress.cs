using Failover.Core.Replication;

namespace Failover.Core.Journal;

/// <summary>Where a journaled operation is: approved, started, which step is next, and what it may already have done.</summary>
/// <param name="NextStep">Index of the next step to run (re-run after a crash: steps are idempotent).</param>
/// <param name="PointOfNoReturnPassed">A step that cannot be undone may have acted: the operation only rolls forward.</param>
/// <param name="AnyStepActed">A step may have acted on the world (its start is journaled before it acts).</param>
/// <param name="PrimaryLsnSeen">The highest position the control plane saw on the source primary, journaled with each step so a restarted engine quotes from it.</param>
/// <param name="PendingEnd">Set when the operation stopped but still runs its cleanup steps; it then ends as this says.</param>
public sealed record OperationProgress(
    string? ApprovedBy,
    DateTimeOffset? StartedAt,
    int NextStep,
    bool PointOfNoReturnPassed,
    bool AnyStepActed,
    Lsn? PrimaryLsnSeen,
    PendingEnd? PendingEnd)
{
    /// <summary>Nothing done yet.</summary>
    public static OperationProgress None { get; } = new(null, null, 0, false, false, null, null);
}
