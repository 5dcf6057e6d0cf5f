namespace Failover.Core.Operations;

/// <summary>Someone (a person, or <see cref="EngineActor"/>) asks for an operation on a service.</summary>
/// <param name="TargetSiteId">The site to promote (failover/switchover), or to act on (fence, unfence, reprotect); null lets the engine choose.</param>
/// <param name="Force">Failover only: promote even beyond the RPO budget. Journaled loudly; still subject to approval rules.</param>
/// <param name="Variant">Drills only: which drill (e.g. <c>isolated</c>, <c>switchover</c>); journaled so a resumed drill resolves the same steps.</param>
public sealed record OperationRequest(
    string ServiceId,
    OperationKind Kind,
    string? TargetSiteId,
    string RequestedBy,
    string Reason,
    bool Force = false,
    string? Variant = null)
{
    /// <summary>The requester name used for decisions the engine takes itself.</summary>
    public const string EngineActor = "engine";

    public bool IsAutomatic => RequestedBy == EngineActor;

    /// <summary>
    /// Why the decider asked a human (flap damping, a policy without automatic failover, the quote it saw): the plan
    /// awaits approval for this reason whatever the planner's own rules find.
    /// </summary>
    public string? ApprovalAsked { get; init; }
}
