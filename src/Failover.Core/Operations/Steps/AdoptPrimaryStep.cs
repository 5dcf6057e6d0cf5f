using Failover.Core.Replication;

namespace Failover.Core.Operations.Steps;

/// <summary>
/// Rolls an interrupted promotion forward: when the target of an uncommitted promotion is found to be the primary of
/// the current epoch, it becomes the committed primary. A no-op when the target already is.
/// </summary>
internal sealed class AdoptPrimaryStep : StepBase
{
    public override string Name => "adopt-primary";

    public override string Description => "commit a member promoted in the current epoch whose operation was interrupted";

    public override TimeSpan ExpectedDuration => TimeSpan.FromSeconds(1);

    public override async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        if (context.State.PrimarySiteId == op.Plan.TargetSiteId)
        {
            return StepOutcome.Already($"{op.Plan.TargetSiteId} is the committed primary");
        }

        var seen = await context.Seams.Replication.ObserveAsync(context.Member(op.Plan.TargetSiteId), cancellationToken);
        if (!seen.Reachable)
        {
            return StepOutcome.Retry($"{op.Plan.TargetSiteId} unreachable ({seen.Failure})");
        }

        if (seen.Role != DatabaseRole.Primary || seen.Epoch != context.State.Epoch)
        {
            return StepOutcome.Fatal($"{op.Plan.TargetSiteId} is {seen.Role} at epoch {seen.Epoch}, not the primary of epoch {context.State.Epoch}");
        }

        var state = PromoteTargetStep.Committed(context);
        return StepOutcome.Done($"adopted {op.Plan.TargetSiteId} (promoted at epoch {seen.Epoch}) as the committed primary",
            state with { MaybeWritable = state.MaybeWritableSites.Where(s => s != op.Plan.TargetSiteId).ToList() });
    }
}
