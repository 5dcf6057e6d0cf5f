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
