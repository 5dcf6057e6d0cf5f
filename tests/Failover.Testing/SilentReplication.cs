using System.Collections.Concurrent;
using Failover.Core;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Testing;

/// <summary>
/// The world's replication, except that the members of <see cref="Silent"/> sites never answer an observation (what a
/// black-holed host looks like until the adapter's own timeout); counts the observations asked per site.
/// </summary>
public sealed class SilentReplication(IReplicationControl inner) : IReplicationControl
{
    private readonly ConcurrentDictionary<string, int> _asked = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, bool> Silent { get; } = new(StringComparer.Ordinal);

    /// <summary>Completed the first time a silent member is asked.</summary>
    public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int AskedOf(string siteId) => _asked.GetValueOrDefault(siteId);

    public Task<MemberObservation> ObserveAsync(DatabaseMember member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        _asked.AddOrUpdate(member.SiteId, 1, (_, n) => n + 1);
        if (!Silent.ContainsKey(member.SiteId))
        {
            return inner.ObserveAsync(member, cancellationToken);
        }

        Asked.TrySetResult();
        return new TaskCompletionSource<MemberObservation>().Task;
    }

    public Task<PromotionResult> PromoteAsync(PromotionRequest request, CancellationToken cancellationToken) => inner.PromoteAsync(request, cancellationToken);

    public Task<FenceResult> FenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) => inner.FenceAsync(member, epoch, cancellationToken);

    public Task<FenceResult> UnfenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) => inner.UnfenceAsync(member, epoch, cancellationToken);

    public Task<SwitchoverResult> SwitchoverAsync(SwitchoverRequest request, CancellationToken cancellationToken) => inner.SwitchoverAsync(request, cancellationToken);
}
