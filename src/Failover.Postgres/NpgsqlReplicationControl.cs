using Failover.Core;
using Failover.Core.Replication;

namespace Failover.Postgres;

/// <summary>The PostgreSQL implementation of <see cref="IReplicationControl"/>; every remote failure is a result.</summary>
internal sealed class NpgsqlReplicationControl(
    MemberObserver observer, MemberPromoter promoter, MemberFencer fencer, SwitchoverCoordinator switchover) : IReplicationControl
{
    public Task<MemberObservation> ObserveAsync(DatabaseMember member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        return observer.ObserveAsync(member, cancellationToken);
    }

    public async Task<PromotionResult> PromoteAsync(PromotionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(PromotionRequest.Timeout)} must be positive (was {request.Timeout})", nameof(request));
        }

        return (await promoter.PromoteAsync(request, cancellationToken)).Result;
    }

    public Task<FenceResult> FenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        return fencer.FenceAsync(member, epoch, cancellationToken);
    }

    public Task<FenceResult> UnfenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        return fencer.UnfenceAsync(member, epoch, cancellationToken);
    }

    public Task<SwitchoverResult> SwitchoverAsync(SwitchoverRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.CatchUpTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(SwitchoverRequest.CatchUpTimeout)} must be positive (was {request.CatchUpTimeout})", nameof(request));
        }

        if (request.Primary == request.Target)
        {
            throw new ArgumentException("the switchover target must differ from the primary", nameof(request));
        }

        return switchover.SwitchoverAsync(request, cancellationToken);
    }
}
