using Failover.Core.Workloads;

namespace Failover.Simulation;

/// <summary>The workload seam over the simulated applications.</summary>
internal sealed class SimWorkloads(SimWorld world) : IWorkloadControl
{
    public Task<WorkloadResult> ActivateAsync(WorkloadRequest request, CancellationToken cancellationToken) => Set(request, true);

    public Task<WorkloadResult> DeactivateAsync(WorkloadRequest request, CancellationToken cancellationToken) => Set(request, false);

    private Task<WorkloadResult> Set(WorkloadRequest request, bool active)
    {
        if (!world.EngineReaches(request.SiteId))
        {
            return Task.FromResult(new WorkloadResult(false, false, "no route to site"));
        }

        var w = world.Workloads[(request.ServiceId, request.SiteId)];
        if (request.Epoch < w.Epoch)
        {
            return Task.FromResult(new WorkloadResult(false, false, $"stale epoch {request.Epoch}, site has seen {w.Epoch}"));
        }

        w.Epoch = request.Epoch;
        if (w.Active == active)
        {
            return Task.FromResult(new WorkloadResult(true, true, null));
        }

        w.Active = active;
        world.MaybeCrash();
        return Task.FromResult(new WorkloadResult(true, false, null));
    }
}
