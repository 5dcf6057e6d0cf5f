using Failover.Core.Journal;
using Failover.Core.Operations;

namespace Failover.Core.Engine;

/// <summary>
/// What an operation's end does to its service's committed state. Pure: the engine applies the result, journaled
/// atomically with the operation's last record.
/// </summary>
public static class OperationEndRules
{
    /// <summary>The step that checks the committed primary serves: an operation that ran it leaves nothing to reconcile.</summary>
    private const string Verify = "verify";

    /// <returns>The service's state once <paramref name="op"/> ends with <paramref name="status"/>, or null when its end changes nothing.</returns>
    public static ServiceState? StateAfter(ServiceState state, OperationRecord op, OperationStatus status)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(op);
        return status == OperationStatus.Succeeded ? AfterSuccess(state, op) : AfterStop(state, op);
    }

    private static ServiceState? AfterSuccess(ServiceState state, OperationRecord op) =>
        op.Plan.Steps.Contains(Verify) && state.NeedsReconcile ? state with { NeedsReconcile = false } : null;

    private static ServiceState? AfterStop(ServiceState state, OperationRecord op)
    {
        var target = op.Plan.TargetSiteId;
        var acted = op.Progress.AnyStepActed;
        ServiceState? after = null;

        // An operation that acted and stopped half-way may leave the committed primary fenced, scaled down or without
        // traffic: ask for a reconcile, which makes the committed primary serve again once its site is healthy.
        // A drill acts only on throwaway copies (a switchover drill runs real switchover operations, which reconcile themselves).
        if (acted && op.Kind is not (OperationKind.Fence or OperationKind.Reprotect or OperationKind.Drill) && !state.NeedsReconcile)
        {
            after = state with { NeedsReconcile = true };
        }

        if (acted && op.Kind == OperationKind.Fence && !state.OperatorFenced.Contains(target))
        {
            // The fence may have acted before the operation stopped: keep it on record so only a human lifts it.
            after = (after ?? state) with { OperatorFenced = [.. state.OperatorFenced, target] };
        }

        if (acted && op.Kind == OperationKind.Reprotect && !state.NeedsReprotect.Contains(target))
        {
            // A half-done rebuild leaves the member fenced or detached: the automatic reprotect finishes it.
            after = (after ?? state) with { NeedsReprotect = [.. state.NeedsReprotect, target] };
        }

        if (op.Progress.PointOfNoReturnPassed && op.Kind.Promotes() && state.PrimarySiteId != target && !state.MaybeWritableSites.Contains(target))
        {
            // The promotion may have happened without being committed: until that site is adopted or fenced, nothing
            // may be unfenced or promoted without fencing it first.
            after = (after ?? state) with { MaybeWritable = [.. state.MaybeWritableSites, target] };
        }

        return after;
    }
}
