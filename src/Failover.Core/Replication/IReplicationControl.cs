namespace Failover.Core.Replication;

/// <summary>
/// The seam to a service's PostgreSQL members. Implementations never throw for a remote failure: an unreachable,
/// refusing or slow server is a result with a <see cref="ReplicationFailure"/>.
/// </summary>
public interface IReplicationControl
{
    Task<MemberObservation> ObserveAsync(DatabaseMember member, CancellationToken cancellationToken);

    Task<PromotionResult> PromoteAsync(PromotionRequest request, CancellationToken cancellationToken);

    Task<FenceResult> FenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken);

    Task<FenceResult> UnfenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken);

    Task<SwitchoverResult> SwitchoverAsync(SwitchoverRequest request, CancellationToken cancellationToken);
}

/// <param name="ExpectedSystemIdentifier">The cluster the service's database belongs to; a standby of another cluster is refused.</param>
/// <param name="LastKnownPrimaryLsn">The old primary's last position seen, used for the data-loss estimate; null when never seen.</param>
public sealed record PromotionRequest(DatabaseMember Standby, Epoch Epoch, ulong? ExpectedSystemIdentifier, Lsn? LastKnownPrimaryLsn, TimeSpan Timeout);

public sealed record PromotionResult(
    bool Promoted, ReplicationFailure Failure, string? Detail, int? NewTimeline, Lsn? PromotedAtLsn, long? DataLossBytes, TimeSpan Duration);

public sealed record FenceResult(bool Succeeded, bool AlreadyInState, ReplicationFailure Failure, string? Detail, int TerminatedSessions);

public sealed record SwitchoverRequest(DatabaseMember Primary, DatabaseMember Target, Epoch Epoch, ulong? ExpectedSystemIdentifier, TimeSpan CatchUpTimeout);

public sealed record SwitchoverResult(
    bool Completed, ReplicationFailure Failure, string? Detail, Lsn? FinalPrimaryLsn, PromotionResult? Promotion, bool OldPrimaryUnfenced, TimeSpan Duration);
