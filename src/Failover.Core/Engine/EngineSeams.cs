using Failover.Core.Agents;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Traffic;
using Failover.Core.Workloads;

namespace Failover.Core.Engine;

/// <summary>The systems the engine drives, one seam each. Routers are chosen per service by their <see cref="ITrafficRouter.Kind"/>.</summary>
public sealed record EngineSeams(
    IReplicationControl Replication,
    IReadOnlyList<ITrafficRouter> Routers,
    IWorkloadControl Workloads,
    IStandbyRebuild Rebuild,
    IReadOnlyList<IPlanExtension> Extensions)
{
    /// <summary>The site agents that hold the members' write leases; none by default.</summary>
    public ISiteAgents Agents { get; init; } = new NoSiteAgents();
}
