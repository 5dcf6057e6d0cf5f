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
        var site = source ? op.SourceSiteId : op.TargetSiteId;
        var result = await context.Seams.Workloads.DeactivateAsync(
            new Workloads.WorkloadRequest(op.ServiceId, site, context.State.Epoch, op.Id, null, context.Options.CallTimeout), cancellationToken);
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
