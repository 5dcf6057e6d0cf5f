namespace Failover.Core.Replication;

public sealed record SwitchoverRequest(DatabaseMember Primary, DatabaseMember Target, Epoch Epoch, ulong? ExpectedSystemIdentifier, TimeSpan CatchUpTimeout)
{
    /// <summary>
    /// Runs once the target has caught up, right before it is promoted; null when it may be promoted, else why not (the
    /// primary is then unfenced). The engine re-grants the target's write lease here, so that a catch-up longer than the
    /// lease's TTL does not leave a new primary whose agent fences it at once.
    /// </summary>
    public Func<CancellationToken, Task<string?>>? BeforePromote { get; init; }
}
