using Failover.Core.Operations;

namespace Failover.Core.Journal;

/// <summary>
/// How an operation that failed or was cancelled ends once its steps marked <see cref="IOperationStep.AlwaysRuns"/>
/// (a drill's cleanup) have run.
/// </summary>
/// <param name="CleanupStartedAt">When the cleanup began; the operation timeout counts from here.</param>
public sealed record PendingEnd(OperationStatus Status, string Reason, DateTimeOffset CleanupStartedAt);
