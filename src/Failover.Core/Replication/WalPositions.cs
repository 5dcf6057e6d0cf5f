namespace Failover.Core.Replication;

/// <summary>
/// Where a member is in the WAL: a primary's write position, or what a standby has received and replayed and whether
/// its WAL receiver streams. Built by <see cref="OfPrimary"/> or <see cref="OfStandby"/>.
/// </summary>
/// <param name="Current">A primary's current write position.</param>
/// <param name="Receive">WAL a standby has received and flushed to disk: what it acknowledges to its primary.</param>
/// <param name="Replay">WAL a standby has replayed.</param>
/// <param name="LastReplayedCommitAt">When the last transaction a standby replayed committed on its primary.</param>
/// <param name="ReceiverStreaming">A standby's WAL receiver is streaming from its upstream.</param>
public sealed record WalPositions(Lsn? Current, Lsn? Receive, Lsn? Replay, DateTimeOffset? LastReplayedCommitAt, bool ReceiverStreaming)
{
    /// <summary>Not read: the member did not answer.</summary>
    public static WalPositions None { get; } = new(null, null, null, null, false);

    public static WalPositions OfPrimary(Lsn current) => None with { Current = current };

    public static WalPositions OfStandby(Lsn? receive, Lsn? replay, DateTimeOffset? lastReplayedCommitAt, bool receiverStreaming) =>
        new(null, receive, replay, lastReplayedCommitAt, receiverStreaming);

    /// <summary>The highest WAL a standby holds on disk: what it flushed, or what it replayed when that is further (WAL restored from an archive).</summary>
    public Lsn? Acknowledged => (Receive, Replay) switch
    {
        ({ } r, { } p) => r > p ? r : p,
        ({ } r, null) => r,
        (null, var p) => p,
    };
}
