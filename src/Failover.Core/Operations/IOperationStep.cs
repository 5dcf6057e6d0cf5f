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

public enum StepResult
{
    /// <summary>The step acted and succeeded.</summary>
    Done,

    /// <summary>Nothing to do: the world was already as the step wants it.</summary>
    AlreadyDone,

    /// <summary>A transient failure; the engine retries until the operation deadline.</summary>
    Retry,

    /// <summary>The operation cannot proceed.</summary>
    Fatal,

    /// <summary>A system (or the journal) has seen a newer epoch: the step is refused.</summary>
    StaleEpoch,
}

/// <param name="NewState">The service state to journal atomically with the step's completion, if it changes.</param>
/// <param name="DataLossBytes">Data loss estimated by a promotion.</param>
public sealed record StepOutcome(StepResult Result, string Detail, Journal.ServiceState? NewState = null, long? DataLossBytes = null)
{
    public bool Succeeded => Result is StepResult.Done or StepResult.AlreadyDone;

    public static StepOutcome Done(string detail, Journal.ServiceState? state = null) => new(StepResult.Done, detail, state);

    public static StepOutcome Already(string detail, Journal.ServiceState? state = null) => new(StepResult.AlreadyDone, detail, state);

    public static StepOutcome Retry(string detail) => new(StepResult.Retry, detail);

    public static StepOutcome Fatal(string detail) => new(StepResult.Fatal, detail);

    public static StepOutcome Stale(string detail) => new(StepResult.StaleEpoch, detail);
}
