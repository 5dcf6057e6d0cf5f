using Failover.Core.Traffic;

namespace Failover.Simulation;

/// <summary>An edge router that always answers and refuses stale epochs.</summary>
internal sealed class SimTraffic(SimWorld world) : ITrafficRouter
{
    public string Kind => "edge";

    public Task<TrafficState> ReadAsync(TrafficRoute route, CancellationToken cancellationToken)
    {
        var r = world.Routes[route.ServiceId];
        return Task.FromResult(new TrafficState(route, [new WeightedTarget(r.Target, [], [], 1.0)], TimeSpan.Zero, r.Epoch));
    }

    public Task<SwitchResult> SwitchAsync(SwitchRequest request, CancellationToken cancellationToken)
    {
        var r = world.Routes[request.Route.ServiceId];
        if (request.Epoch < r.Epoch)
        {
            return Task.FromResult(new SwitchResult(SwitchOutcome.RefusedStaleEpoch, $"route at epoch {r.Epoch}", null, TimeSpan.Zero, r.Epoch));
        }

        var previous = r.Epoch;
        var target = request.Targets[0].SiteId;
        r.Epoch = request.Epoch;
        if (r.Target == target)
        {
            return Task.FromResult(new SwitchResult(SwitchOutcome.AlreadyInPlace, null, TimeSpan.Zero, TimeSpan.Zero, previous));
        }

        r.Target = target;
        world.MaybeCrash();
        return Task.FromResult(new SwitchResult(SwitchOutcome.Applied, null, TimeSpan.Zero, TimeSpan.Zero, previous));
    }
}
