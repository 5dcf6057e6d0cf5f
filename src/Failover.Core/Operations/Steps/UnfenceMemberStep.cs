namespace Failover.Core.Operations.Steps;

/// <summary>Makes the committed primary writable again. Never any other member: that would make two writers.</summary>
internal sealed class UnfenceMemberStep : StepBase
{
    public override string Name => "unfence-member";

    public override string Description => "make the committed primary writable again";

    public override TimeSpan ExpectedDuration => TimeSpan.FromSeconds(3);

    public override string? CheckPrecondition(StepContext context)
    {
        if (context.Operation.Plan.TargetSiteId != context.State.PrimarySiteId)
        {
            return $"{context.Operation.Plan.TargetSiteId} is not the committed primary ({context.State.PrimarySiteId}); unfencing it could create a second writer";
        }

        var maybe = context.State.MaybeWritableSites.Where(s => s != context.Operation.Plan.TargetSiteId).ToList();
        return maybe.Count > 0 ? $"{string.Join(", ", maybe)} may still be writable (interrupted promotion); fence or adopt first" : null;
    }

    public override async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var member = context.Member(op.Plan.TargetSiteId);
        var outcome = FromFence(await context.Seams.Replication.UnfenceAsync(member, context.State.Epoch, cancellationToken), $"unfence {member}");
        if (outcome.Succeeded)
        {
            var state = context.State with
            {
                OperatorFenced = op.Kind == OperationKind.Unfence ? Without(context.State.OperatorFenced, op.Plan.TargetSiteId) : context.State.OperatorFenced,
            };
            return outcome with { NewState = state };
        }

        return outcome;
    }
}
