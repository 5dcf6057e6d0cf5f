using Failover.Core.Traffic;

namespace Failover.Core.Operations.Steps;

/// <summary>Points the service's public entry at the target site, verified at the source, with the service epoch.</summary>
internal sealed class SwitchTrafficStep : StepBase
{
    public override string Name => "switch-traffic";

    public override string Description => "point the public name at the target site and read it back from every authority";

    public override TimeSpan ExpectedDuration => TimeSpan.FromSeconds(5);

    public override async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        if (context.Router is not { } router)
        {
            return StepOutcome.Fatal($"no traffic router of kind '{context.Estate.RouterOf(context.Service).Kind}' is registered");
        }

        var result = await router.SwitchAsync(
            new SwitchRequest(context.Route, [Members.TrafficTarget(context.Estate, context.Service, op.Plan.TargetSiteId)], context.Service.Traffic.Ttl, context.State.Epoch, context.Options.CallTimeout),
            cancellationToken);
        return result.Outcome switch
        {
            SwitchOutcome.Applied => StepOutcome.Done($"traffic on {op.Plan.TargetSiteId}, verified after {result.VerifiedAfter?.TotalSeconds:0.###} s; clients may see the old answer {result.WorstCaseStaleness.TotalSeconds:0} s"),
            SwitchOutcome.AlreadyInPlace => StepOutcome.Already($"traffic already on {op.Plan.TargetSiteId}"),
            SwitchOutcome.RefusedStaleEpoch => StepOutcome.Stale($"router refused epoch {context.State.Epoch}: {result.Reason}"),
            _ => StepOutcome.Retry($"switch traffic: {result.Reason}"),
        };
    }
}
