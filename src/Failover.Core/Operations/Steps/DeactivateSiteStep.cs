namespace Failover.Core.Operations.Steps;

/// <summary>Scales a site's workloads down. For the old primary of a failover, an unreachable site past its lease is accepted.</summary>
internal sealed class DeactivateSiteStep(string name, bool source) : StepBase
{
    public override string Name => name;

    public override string Description => source ? "scale the application down at the old primary site" : "scale the application down at the site";

    public override TimeSpan ExpectedDuration => TimeSpan.FromSeconds(10);

    public override async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var site = source ? op.Plan.SourceSiteId : op.Plan.TargetSiteId;

        // A site that lost the primary role without a handover, or that an operator fences, runs no application at all
        // (application-level fencing); a planned switchover leaves the old site at its standby replica count.
        var fence = op.Kind is OperationKind.Failover or OperationKind.Fence or OperationKind.Reprotect;
        var result = await context.Seams.Workloads.DeactivateAsync(
            new Workloads.WorkloadRequest(op.ServiceId, site, context.State.Epoch, op.Id, null, context.Options.CallTimeout, fence), cancellationToken);
        if (result.Succeeded)
        {
            return result.AlreadyInState ? StepOutcome.Already($"workloads at {site} already down") : StepOutcome.Done($"workloads at {site} scaled down");
        }

        if (op.Kind == OperationKind.Failover && context.SelfFencedByLease(site))
        {
            return StepOutcome.Done($"workloads at {site} unreachable ({result.Detail}); site Lost beyond its lease");
        }

        return StepOutcome.Retry($"deactivate at {site}: {result.Detail}");
    }
}
