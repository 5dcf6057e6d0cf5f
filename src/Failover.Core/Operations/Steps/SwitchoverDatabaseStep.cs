using Failover.Core.Replication;

namespace Failover.Core.Operations.Steps;

/// <summary>Planned handover: grant the target's agent the lease, fence the primary, let the target catch up, promote it. The point of no return of a switchover.</summary>
internal sealed class SwitchoverDatabaseStep : StepBase
{
    public override string Name => "switchover-database";

    public override string Description => "fence the primary, wait for the target to replay everything, promote it (no data loss)";

    public override bool IsPointOfNoReturn => true;

    public override TimeSpan ExpectedDuration => TimeSpan.FromSeconds(15);

    public override string? CheckPrecondition(StepContext context)
    {
        var op = context.Operation;
        if (context.State.PrimarySiteId == op.Plan.TargetSiteId)
        {
            return null;
        }

        return context.State.NeedsReprotect.Contains(op.Plan.TargetSiteId) ? $"target {op.Plan.TargetSiteId} needs reprotect before it can take over" : null;
    }

    public override async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var target = context.Member(op.Plan.TargetSiteId);
        var seen = await context.Seams.Replication.ObserveAsync(target, cancellationToken);
        if (seen.Reachable && seen.Role == DatabaseRole.Primary && seen.Epoch == op.Plan.NewEpoch)
        {
            return StepOutcome.Already($"{target} already primary at epoch {op.Plan.NewEpoch}", PromoteTargetStep.Committed(context));
        }

        if (await TargetLease.GrantAsync(context, target, cancellationToken) is { } refused)
        {
            return refused;
        }

        var primary = context.Member(op.Plan.SourceSiteId);
        var result = await context.Seams.Replication.SwitchoverAsync(
            new SwitchoverRequest(primary, target, op.Plan.NewEpoch, context.Observations.PrimaryPosition(op.ServiceId, op.Plan.SourceSiteId)?.SystemIdentifier, context.Options.CatchUpTimeout)
            {
                BeforePromote = async ct => await TargetLease.GrantAsync(context, target, ct) is { } regrant ? regrant.Detail : null,
            },
            cancellationToken);
        if (result.Completed)
        {
            return new StepOutcome(StepResult.Done, $"switched over to {target} at {result.FinalPrimaryLsn}", PromoteTargetStep.Committed(context), result.Promotion?.DataLossBytes ?? 0);
        }

        return result.Failure switch
        {
            ReplicationFailure.StaleEpoch => StepOutcome.Stale($"switchover: {result.Detail}"),
            ReplicationFailure.WrongSystemIdentifier or ReplicationFailure.NotPrimary => StepOutcome.Fatal($"switchover: {result.Failure} {result.Detail}"),
            _ => StepOutcome.Retry($"switchover: {result.Failure} {result.Detail}"),
        };
    }
}
