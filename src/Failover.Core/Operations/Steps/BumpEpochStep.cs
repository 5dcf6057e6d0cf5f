namespace Failover.Core.Operations.Steps;

/// <summary>Raises the service's epoch in the journal; every later actuation carries the new epoch.</summary>
internal sealed class BumpEpochStep : StepBase
{
    public override string Name => "bump-epoch";

    public override string Description => "raise the service epoch (the fencing token) in the journal";

    public override TimeSpan ExpectedDuration => TimeSpan.FromMilliseconds(50);

    public override Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var state = context.State;
        if (state.Epoch == op.Plan.NewEpoch && state.EpochOwner == op.Id)
        {
            return Task.FromResult(StepOutcome.Already($"epoch already {op.Plan.NewEpoch}"));
        }

        if (state.Epoch != op.Plan.ExpectedEpoch)
        {
            return Task.FromResult(StepOutcome.Stale($"service epoch is {state.Epoch}, plan expected {op.Plan.ExpectedEpoch}"));
        }

        return Task.FromResult(StepOutcome.Done($"epoch {op.Plan.ExpectedEpoch} -> {op.Plan.NewEpoch}", state with { Epoch = op.Plan.NewEpoch, EpochOwner = op.Id }));
    }
}
