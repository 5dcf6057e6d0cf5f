namespace Failover.Core.Operations.Steps;

/// <summary>Rebuilds the member as a streaming standby of the committed primary.</summary>
internal sealed class RebuildStandbyStep : StepBase
{
    public override string Name => "rebuild-standby";

    public override string Description => "rebuild the member as a standby of the current primary (pg_rewind, else pg_basebackup)";

    public override TimeSpan ExpectedDuration => TimeSpan.FromMinutes(2);

    public override string? CheckPrecondition(StepContext context) =>
        context.Operation.Plan.TargetSiteId == context.State.PrimarySiteId ? $"{context.Operation.Plan.TargetSiteId} is the committed primary; it cannot be rebuilt as a standby" : null;

    public override async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var member = context.Member(op.Plan.TargetSiteId);
        var primary = context.Member(context.State.PrimarySiteId);
        var result = await context.Seams.Rebuild.RebuildAsStandbyAsync(member, primary, context.State.Epoch, cancellationToken);
        if (!result.Succeeded)
        {
            return result.Failure == Replication.ReplicationFailure.StaleEpoch
                ? StepOutcome.Stale($"rebuild {member}: {result.Detail}")
                : StepOutcome.Retry($"rebuild {member}: {result.Failure} {result.Detail}");
        }

        var state = context.State with
        {
            NeedsReprotect = Without(context.State.NeedsReprotect, op.Plan.TargetSiteId),
            MaybeWritable = Without(context.State.MaybeWritableSites, op.Plan.TargetSiteId),
            OperatorFenced = op.Request.IsAutomatic ? context.State.OperatorFenced : Without(context.State.OperatorFenced, op.Plan.TargetSiteId),
        };
        return result.AlreadyInState
            ? StepOutcome.Already($"{member} already streams from {primary}", state)
            : StepOutcome.Done($"{member} rebuilt as a standby of {primary}{(string.IsNullOrEmpty(result.Detail) ? "" : $" ({result.Detail})")}", state);
    }
}
