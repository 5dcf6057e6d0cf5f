namespace Failover.Core.Operations.Steps;

/// <summary>Scales the application up at the new primary's site, pointed at the new primary.</summary>
internal sealed class ActivateTargetStep : StepBase
{
    public override string Name => "activate-target";

    public override string Description => "scale the application up at the target site, pointed at its primary";

    public override TimeSpan ExpectedDuration => TimeSpan.FromSeconds(20);

    public override async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var member = context.Member(op.Plan.TargetSiteId);
        var result = await context.Seams.Workloads.ActivateAsync(
            new Workloads.WorkloadRequest(op.ServiceId, op.Plan.TargetSiteId, context.State.Epoch, op.Id, member.Endpoint, context.Options.CallTimeout), cancellationToken);
        if (!result.Succeeded)
        {
            return StepOutcome.Retry($"activate at {op.Plan.TargetSiteId}: {result.Detail}");
        }

        return result.AlreadyInState ? StepOutcome.Already($"workloads at {op.Plan.TargetSiteId} already active") : StepOutcome.Done($"workloads at {op.Plan.TargetSiteId} active");
    }
}
