using Failover.Core.Agents;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Topology;

namespace Failover.Core.Operations;

/// <summary>What a plan is made from.</summary>
public sealed record PlanningInput(
    Estate Estate, ServiceState State, IReadOnlyDictionary<string, SiteVerdict> Verdicts, ObservationCache Observations, EngineOptions Options)
{
    /// <summary>The site agents: a plan states the risk of failing over from an unreachable member that runs none.</summary>
    public ISiteAgents Agents { get; init; } = new NoSiteAgents();
}
