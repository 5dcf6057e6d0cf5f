namespace Failover.Core.Operations;

/// <summary>
/// Contributes the steps of an operation kind the engine does not plan itself (drills). The drills issue registers
/// one; without it a drill request is refused.
/// </summary>
public interface IPlanExtension
{
    OperationKind Kind { get; }

    /// <summary>The steps, in order. Their names must be unique and stable: they are journaled and resumed by name.</summary>
    IReadOnlyList<IOperationStep> Steps(OperationRequest request);
}
