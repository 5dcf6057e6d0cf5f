namespace Failover.Core.Operations.Steps;

/// <summary>
/// Fences the old primary as far as it can be reached. Unreachable is acceptable only once its site has been Lost
/// for the site lease (its agent has self-fenced); until then the step retries.
/// </summary>
internal sealed class FenceSourceStep : StepBase
{
    public override string Name => "fence-source";

    public override string Description => "make the old primary read-only and terminate its sessions (or rely on its lease self-fence)";

    public override TimeSpan ExpectedDuration => TimeSpan.FromSeconds(5);

    public override async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var member = context.Member(op.SourceSiteId);
        var result = await context.Seams.Replication.FenceAsync(member, op.NewEpoch, cancellationToken);
        if (!result.Succeeded && IsUnreachable(result.Failure) && context.SelfFencedByLease(op.SourceSiteId))
        {
            return StepOutcome.Done($"old primary unreachable ({result.Failure}); its site is Lost beyond the {context.Options.SiteLease.TotalSeconds:0} s lease, so it has self-fenced");
        }

        return FromFence(result, $"fence {member}");
    }
}
