namespace Failover.Core.Operations;

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
