namespace Failover.Core.Operations.Steps;

/// <summary>Fences the operation's target member with the current epoch (fence, reprotect).</summary>
internal sealed class FenceMemberStep : StepBase
{
    public override string Name => "fence-member";

    public override string Description => "make the member read-only and terminate its sessions";

    public override TimeSpan ExpectedDuration => TimeSpan.FromSeconds(5);

    public override async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var member = context.Member(op.Plan.TargetSiteId);
        var outcome = FromFence(await context.Seams.Replication.FenceAsync(member, context.State.Epoch, cancellationToken), $"fence {member}");
        if (outcome.Succeeded)
        {
            var state = context.State with
            {
                OperatorFenced = op.Kind == OperationKind.Fence ? With(context.State.OperatorFenced, op.Plan.TargetSiteId) : context.State.OperatorFenced,
                MaybeWritable = Without(context.State.MaybeWritableSites, op.Plan.TargetSiteId),
                NeedsReprotect = context.State.MaybeWritableSites.Contains(op.Plan.TargetSiteId) ? With(context.State.NeedsReprotect, op.Plan.TargetSiteId) : context.State.NeedsReprotect,
            };
            return outcome with { NewState = state };
        }

        return outcome;
    }
}
