using Failover.Core.Replication;

namespace Failover.Core.Operations.Steps;

/// <summary>Checks end to end: the target is a writable primary of the service's epoch line and traffic points at it.</summary>
internal sealed class VerifyStep : StepBase
{
    public override string Name => "verify";

    public override string Description => "verify the target is a writable primary and the router serves it";

    public override TimeSpan ExpectedDuration => TimeSpan.FromSeconds(3);

    public override async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var member = context.Member(op.Plan.TargetSiteId);
        var seen = await context.Seams.Replication.ObserveAsync(member, cancellationToken);
        if (!seen.Reachable || seen.Role != DatabaseRole.Primary || seen.Fenced)
        {
            return StepOutcome.Retry($"{member} is not a writable primary yet (reachable {seen.Reachable}, role {seen.Role}, fenced {seen.Fenced})");
        }

        if (context.Router is { } router)
        {
            var traffic = await router.ReadAsync(context.Route, cancellationToken);
            if (traffic.Targets.Count != 1 || traffic.Targets[0].SiteId != op.Plan.TargetSiteId)
            {
                return StepOutcome.Retry($"router serves [{string.Join(", ", traffic.Targets.Select(t => t.SiteId))}], not {op.Plan.TargetSiteId}");
            }
        }

        return StepOutcome.Done($"{member} writable primary (timeline {seen.Timeline}, epoch {seen.Epoch}); traffic on {op.Plan.TargetSiteId}");
    }
}
