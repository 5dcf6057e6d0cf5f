using Failover.Core.Operations.Steps;

namespace Failover.Core.Operations;

/// <summary>The steps of each operation kind, by name; a journaled operation is resumed by looking its step names up here.</summary>
public sealed class StepCatalog
{
    private static readonly IOperationStep BumpEpoch = new BumpEpochStep();
    private static readonly IOperationStep FenceOthers = new FenceOthersStep();
    private static readonly IOperationStep Adopt = new AdoptPrimaryStep();
    private static readonly IOperationStep DeactivateSource = new DeactivateSiteStep("deactivate-source", source: true);
    private static readonly IOperationStep DeactivateMember = new DeactivateSiteStep("deactivate-member", source: false);
    private static readonly IOperationStep Promote = new PromoteTargetStep();
    private static readonly IOperationStep Switchover = new SwitchoverDatabaseStep();
    private static readonly IOperationStep Activate = new ActivateTargetStep();
    private static readonly IOperationStep Traffic = new SwitchTrafficStep();
    private static readonly IOperationStep Verify = new VerifyStep();
    private static readonly IOperationStep FenceMember = new FenceMemberStep();
    private static readonly IOperationStep UnfenceMember = new UnfenceMemberStep();
    private static readonly IOperationStep Rebuild = new RebuildStandbyStep();

    private readonly IReadOnlyList<IPlanExtension> _extensions;

    public StepCatalog(IReadOnlyList<IPlanExtension> extensions) => _extensions = extensions;

    /// <summary>The steps of <paramref name="request"/>'s kind, or null when no one provides them (a drill without a drill extension).</summary>
    public IReadOnlyList<IOperationStep>? StepsFor(OperationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Kind switch
        {
            OperationKind.Failover => [BumpEpoch, FenceOthers, DeactivateSource, Promote, Activate, Traffic, Verify],
            OperationKind.Switchover or OperationKind.Failback => [BumpEpoch, DeactivateSource, Switchover, Activate, Traffic, Verify],
            OperationKind.Reprotect => [FenceMember, DeactivateMember, Rebuild],
            OperationKind.Fence => [FenceMember, DeactivateMember],
            OperationKind.Unfence => [FenceOthers, UnfenceMember, Activate, Traffic, Verify],
            OperationKind.Reconcile => [Adopt, FenceOthers, UnfenceMember, Activate, Traffic, Verify],
            _ => _extensions.FirstOrDefault(e => e.Kind == request.Kind)?.Steps(request),
        };
    }

    /// <summary>The steps of a journaled operation, looked up by the names it recorded.</summary>
    public IReadOnlyList<IOperationStep>? Resolve(Journal.OperationRecord operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var asked = operation.Request;
        var steps = StepsFor(new OperationRequest(operation.ServiceId, operation.Kind, operation.Plan.TargetSiteId, asked.RequestedBy, asked.Reason, asked.Force, asked.Variant));
        if (steps is null || !steps.Select(s => s.Name).SequenceEqual(operation.Plan.Steps))
        {
            return null;
        }

        return steps;
    }
}
