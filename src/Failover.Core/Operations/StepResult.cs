namespace Failover.Core.Operations;

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
