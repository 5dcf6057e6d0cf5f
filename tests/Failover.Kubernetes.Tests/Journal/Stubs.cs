using Failover.Core;
using Failover.Core.Engine;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Workloads;

namespace Failover.Kubernetes.Tests.Journal;

/// <summary>Seams for engines that only load and journal in these tests: any call into the world is a test failure.</summary>
internal sealed class Stubs : IReplicationControl, IWorkloadControl, IStandbyRebuild
{
    public static EngineSeams Seams { get; } = new(new Stubs(), [], new Stubs(), new Stubs(), []);

    public Task<MemberObservation> ObserveAsync(DatabaseMember member, CancellationToken cancellationToken) => throw Unexpected();

    public Task<PromotionResult> PromoteAsync(PromotionRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public Task<FenceResult> FenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) => throw Unexpected();

    public Task<FenceResult> UnfenceAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) => throw Unexpected();

    public Task<SwitchoverResult> SwitchoverAsync(SwitchoverRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public Task<WorkloadResult> ActivateAsync(WorkloadRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public Task<WorkloadResult> DeactivateAsync(WorkloadRequest request, CancellationToken cancellationToken) => throw Unexpected();

    public Task<RebuildResult> RebuildAsStandbyAsync(DatabaseMember member, DatabaseMember primary, Epoch epoch, CancellationToken cancellationToken) => throw Unexpected();

    private static InvalidOperationException Unexpected() => new("these tests never reach the world");
}
