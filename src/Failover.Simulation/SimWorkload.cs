using Failover.Core;

namespace Failover.Simulation;

/// <summary>The application of one service at one site.</summary>
internal sealed class SimWorkload
{
    public bool Active { get; set; }

    public Epoch Epoch { get; set; } = Epoch.Initial;
}
