namespace Failover.Core.Replication;

/// <summary>
/// What one member looked like at one instant. An unreachable member is an observation too. Built by
/// <see cref="Unreachable"/>, <see cref="Primary"/> or <see cref="Standby"/>; the accessors read through the parts.
/// </summary>
public sealed record MemberObservation(
    DatabaseMember Member,
    DateTimeOffset ObservedAt,
    Reachability Reach,
    ServerIdentity Server,
    WalPositions Wal,
    ControlMarks Marks,
    Downstream Downstream)
{
    public bool Reachable => Reach.Reachable;

    public ReplicationFailure Failure => Reach.Failure;

    public string? FailureDetail => Reach.Detail;

    public DatabaseRole Role => Server.Role;

    public ulong? SystemIdentifier => Server.SystemIdentifier;

    public int? Timeline => Server.Timeline;

    public Lsn? CurrentLsn => Wal.Current;

    public Lsn? ReceiveLsn => Wal.Receive;

    public Lsn? ReplayLsn => Wal.Replay;

    /// <summary>A standby's flushed (acknowledged) position: what a promotion of it keeps.</summary>
    public Lsn? AcknowledgedLsn => Wal.Acknowledged;

    public DateTimeOffset? LastReplayedCommitAt => Wal.LastReplayedCommitAt;

    public bool WalReceiverStreaming => Wal.ReceiverStreaming;

    public bool Fenced => Marks.Fenced;

    public Epoch? Epoch => Marks.Epoch;

    public IReadOnlyList<ReplicaObservation> Replicas => Downstream.Replicas;

    public IReadOnlyList<SlotObservation> Slots => Downstream.Slots;

    /// <summary>A member that could not be read: nothing is known of it but why.</summary>
    public static MemberObservation Unreachable(DatabaseMember member, DateTimeOffset at, ReplicationFailure failure, string? detail) =>
        new(member, at, Reachability.Lost(failure, detail), ServerIdentity.Unknown, WalPositions.None, ControlMarks.None, Downstream.None);

    /// <summary>A member out of recovery, writing at <paramref name="current"/> on <paramref name="timeline"/>.</summary>
    public static MemberObservation Primary(
        DatabaseMember member, DateTimeOffset at, ulong systemIdentifier, int timeline, Lsn current, ControlMarks marks, Downstream downstream) =>
        new(member, at, Reachability.Reached, new ServerIdentity(DatabaseRole.Primary, systemIdentifier, timeline), WalPositions.OfPrimary(current), marks, downstream);

    /// <summary>A member in recovery; <paramref name="wal"/> comes from <see cref="WalPositions.OfStandby"/>.</summary>
    public static MemberObservation Standby(
        DatabaseMember member, DateTimeOffset at, ulong systemIdentifier, int? timeline, WalPositions wal, ControlMarks marks, IReadOnlyList<SlotObservation> slots) =>
        new(member, at, Reachability.Reached, new ServerIdentity(DatabaseRole.Standby, systemIdentifier, timeline), wal, marks, Downstream.None with { Slots = slots });
}
