namespace Failover.Core.Operations.Steps;

/// <summary>
/// Scales a site's workloads down. For the old primary of a failover an unreachable site is accepted once its agent's
/// lease has run out (the agent stops the application when it fences), or, without an agent, once the site is Lost
/// (fence-others has proven by then that its member does not write).
/// </summary>
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
        if (op.Kind == OperationKind.Failover && site != op.Plan.TargetSiteId && context.CutOffWithExpiredLease(site))
        {
            return StepOutcome.Done($"{site} is cut off and its lease ran out: its agent ran the application stop when it fenced; not asked");
        }

        var fence = op.Kind is OperationKind.Failover or OperationKind.Fence or OperationKind.Reprotect;
        var result = await context.Seams.Workloads.DeactivateAsync(
            new Workloads.WorkloadRequest(op.ServiceId, site, context.State.Epoch, op.Id, null, context.Options.CallTimeout, fence), cancellationToken);
        if (result.Succeeded)
        {
            return result.AlreadyInState ? StepOutcome.Already($"workloads at {site} already down") : StepOutcome.Done($"workloads at {site} scaled down");
        }

        if (op.Kind == OperationKind.Failover && site != op.Plan.TargetSiteId)
        {
            var member = context.Member(site);
            if (context.Agents.Covers(member) && context.Ledger.IsExpired(member.ServiceId, site))
            {
                return StepOutcome.Done($"workloads at {site} unreachable ({result.Detail}); its lease has run out, so its agent ran the application stop when it fenced");
            }

            if (!context.Agents.Covers(member) && context.Verdicts.TryGetValue(site, out var verdict) && verdict.IsLost)
            {
                return StepOutcome.Done($"workloads at {site} unreachable ({result.Detail}); site Lost and its member proven not to write");
            }
        }

        return StepOutcome.Retry($"deactivate at {site}: {result.Detail}");
    }
}
