namespace Failover.Core.Operations;

/// <summary>
/// One named, idempotent step of an operation. Running it twice has the effect of running it once: after a crash
/// the engine re-runs the step that was in flight.
/// </summary>
public interface IOperationStep
{
    string Name { get; }

    string Description { get; }

    /// <summary>After this step has started, the operation can no longer be cancelled.</summary>
    bool IsPointOfNoReturn { get; }

    TimeSpan ExpectedDuration { get; }

    /// <summary>
    /// Runs even when an earlier step failed or the operation was cancelled or timed out (a drill's cleanup): the engine
    /// then skips to the first such step still to run, and ends the operation with its original failure afterwards.
    /// </summary>
    bool AlwaysRuns => false;

    /// <summary>Null when the step may run now; otherwise why not (the operation is then aborted).</summary>
    string? CheckPrecondition(StepContext context);

    Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken);
}
