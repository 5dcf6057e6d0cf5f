namespace Failover.Core.Replication;

public enum DatabaseRole
{
    Unknown,
    Primary,
    Standby,
}

/// <summary>Why a member could not be observed or acted upon.</summary>
public enum ReplicationFailure
{
    None,
    Unreachable,
    Timeout,
    Authentication,
    NotInRecovery,
    NotPrimary,
    WrongSystemIdentifier,
    StaleEpoch,
    Behind,
    VerificationFailed,
    Error,

    /// <summary>
    /// Unfence refused: the member was fenced under an older epoch than the caller's, so a promotion may have happened
    /// since; lifting the fence could make two writable primaries. Rejoin the member as a standby instead.
    /// </summary>
    FencedUnderEarlierEpoch,
}

/// <summary>What one member looked like at one instant. An unreachable member is an observation too.</summary>
public sealed record MemberObservation(
    DatabaseMember Member,
    DateTimeOffset ObservedAt,
    bool Reachable,
    ReplicationFailure Failure,
    string? FailureDetail,
    DatabaseRole Role,
    ulong? SystemIdentifier,
    int? Timeline,
    Lsn? CurrentLsn,
    Lsn? ReceiveLsn,
    Lsn? ReplayLsn,
    DateTimeOffset? LastReplayedCommitAt,
    bool WalReceiverStreaming,
    bool Fenced,
    Epoch? Epoch,
    IReadOnlyList<ReplicaObservation> Replicas,
    IReadOnlyList<SlotObservation> Slots);

/// <summary>One row of <c>pg_stat_replication</c> seen from a primary.</summary>
public sealed record ReplicaObservation(
    string ApplicationName, string? ClientAddress, string State, string SyncState, Lsn SentLsn, Lsn FlushLsn, Lsn ReplayLsn, TimeSpan? ReplayLag, long LagBytes);

public sealed record SlotObservation(string Name, bool Active, Lsn? RestartLsn);
