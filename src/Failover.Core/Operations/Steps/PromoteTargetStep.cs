using Failover.Core.Decisions;
using Failover.Core.Replication;

namespace Failover.Core.Operations.Steps;

/// <summary>Grants the target's agent the lease, then promotes the chosen standby with the new epoch: the point of no return of a failover.</summary>
internal sealed class PromoteTargetStep : StepBase
{
    public override string Name => "promote-target";

    public override string Description => "promote the chosen standby with the new epoch and record the data-loss estimate";

    public override bool IsPointOfNoReturn => true;

    public override TimeSpan ExpectedDuration => TimeSpan.FromSeconds(10);

    public override string? CheckPrecondition(StepContext context)
    {
        var op = context.Operation;
        if (context.State.PrimarySiteId == op.Plan.TargetSiteId)
        {
            return null; // already promoted (resume after a crash): idempotent
        }

        if (context.State.NeedsReprotect.Contains(op.Plan.TargetSiteId) && !op.Request.Force)
        {
            return $"target {op.Plan.TargetSiteId} is not a valid standby (it needs reprotect)";
        }

        var quote = DataLossQuoter.Quote(context.Service, context.Estate.PolicyOf(context.Service), op.Plan.SourceSiteId, op.Plan.TargetSiteId, context.Observations);
        if (!quote.WithinBudget && !op.Request.Force && op.Progress.ApprovedBy is null)
        {
            return $"promotion would exceed the RPO budget ({quote}) and no approval or force is on record";
        }

        return null;
    }

    public override async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var member = context.Member(op.Plan.TargetSiteId);
        if (op.Request.Force)
        {
            // Last resort after successive losses: a fenced former primary is re-owned at the new epoch. A covered one
            // may have been unfenced by the lease grant of an earlier attempt of this step: it is re-owned all the same.
            var former = await context.Seams.Replication.ObserveAsync(member, cancellationToken);
            if (former is { Reachable: true, Role: DatabaseRole.Primary } && (former.Fenced || former.Epoch == op.Plan.NewEpoch || context.Agents.Covers(member)))
            {
                if (await TargetLease.GrantAsync(context, member, cancellationToken) is { } notGranted)
                {
                    return notGranted;
                }

                var unfenced = await context.Seams.Replication.UnfenceAsync(member, op.Plan.NewEpoch, cancellationToken);
                return unfenced.Succeeded
                    ? StepOutcome.Done($"FORCED: fenced former primary {member} re-owned at epoch {op.Plan.NewEpoch}", Committed(context))
                    : FromFence(unfenced, $"re-own {member}");
            }
        }

        if (await TargetLease.GrantAsync(context, member, cancellationToken) is { } refused)
        {
            return refused;
        }

        var primary = context.Observations.PrimaryPosition(op.ServiceId, op.Plan.SourceSiteId);
        var result = await context.Seams.Replication.PromoteAsync(
            new PromotionRequest(member, op.Plan.NewEpoch, primary?.SystemIdentifier, primary?.Lsn, context.Options.CallTimeout), cancellationToken);
        if (result.Promoted)
        {
            return new StepOutcome(StepResult.Done, $"promoted {member} on timeline {result.NewTimeline} at {result.PromotedAtLsn}", Committed(context), result.DataLossBytes);
        }

        if (result.Failure == ReplicationFailure.NotInRecovery)
        {
            var seen = await context.Seams.Replication.ObserveAsync(member, cancellationToken);
            if (seen.Role == DatabaseRole.Primary && seen.Epoch == op.Plan.NewEpoch)
            {
                return StepOutcome.Already($"{member} already primary at epoch {op.Plan.NewEpoch}", Committed(context));
            }

            return StepOutcome.Fatal($"{member} is a primary of another epoch ({seen.Epoch}): refusing");
        }

        return result.Failure switch
        {
            ReplicationFailure.StaleEpoch => StepOutcome.Stale($"promote {member}: {result.Detail}"),
            ReplicationFailure.WrongSystemIdentifier => StepOutcome.Fatal($"promote {member}: {result.Detail}"),
            _ => StepOutcome.Retry($"promote {member}: {result.Failure} {result.Detail}"),
        };
    }

    internal static Journal.ServiceState Committed(StepContext context)
    {
        var op = context.Operation;
        var others = context.Service.SiteIds.Where(s => s != op.Plan.TargetSiteId);
        var reprotect = context.State.NeedsReprotect.Where(s => s != op.Plan.TargetSiteId).Union(others).ToList();
        return context.State with
        {
            PrimarySiteId = op.Plan.TargetSiteId,
            NeedsReprotect = reprotect,
            MaybeWritable = context.State.MaybeWritableSites.Where(s => s != op.Plan.TargetSiteId).ToList(),
            OperatorFenced = context.State.OperatorFenced.Where(s => s != op.Plan.TargetSiteId).ToList(),
            // Flap damping counts failovers: a planned switchover or failback moved a healthy primary on purpose.
            LastFailoverAt = context.State.PrimarySiteId == op.Plan.TargetSiteId || op.Kind != OperationKind.Failover ? context.State.LastFailoverAt : context.Now,
        };
    }
}
