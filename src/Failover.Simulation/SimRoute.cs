using Failover.Core;

namespace Failover.Simulation;

/// <summary>Where one service's public name points.</summary>
internal sealed class SimRoute(string target)
{
    public string Target { get; set; } = target;

    public Epoch Epoch { get; set; } = Epoch.Initial;
}
