namespace Failover.Core.Replication;

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
