using Failover.Core.Replication;

namespace Failover.Core.Operations.Steps;

internal abstract class StepBase : IOperationStep
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public virtual bool IsPointOfNoReturn => false;

    public virtual TimeSpan ExpectedDuration => TimeSpan.FromSeconds(2);

    public virtual string? CheckPrecondition(StepContext context) => null;

    public abstract Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken);

    protected static StepOutcome FromFence(FenceResult result, string what) => result switch
    {
        { Succeeded: true, AlreadyInState: true } => StepOutcome.Already($"{what}: already in state"),
        { Succeeded: true } => StepOutcome.Done($"{what}: done, {result.TerminatedSessions} sessions terminated"),
        { Failure: ReplicationFailure.StaleEpoch } => StepOutcome.Stale($"{what}: {result.Detail}"),
        // A standby cannot take writes: recovery already does what a fence would.
        { Failure: ReplicationFailure.NotPrimary } => StepOutcome.Already($"{what}: a standby, read-only by recovery"),
        _ => StepOutcome.Retry($"{what}: {result.Failure} {result.Detail}"),
    };

    protected static bool IsUnreachable(ReplicationFailure failure) => failure is ReplicationFailure.Unreachable or ReplicationFailure.Timeout;

    protected static List<string> Without(IReadOnlyList<string> list, string item) => list.Where(s => s != item).ToList();

    protected static List<string> With(IReadOnlyList<string> list, string item) => list.Contains(item) ? list.ToList() : [.. list, item];
}
