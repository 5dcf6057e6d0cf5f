using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Topology;

namespace Failover.Core.Decisions;

/// <summary>What the automatic failover decision looks at for one service.</summary>
/// <param name="PrimaryVerdict">The quorum verdict on the committed primary's site.</param>
/// <param name="LostSites">Sites currently quorum-Lost in the estate (mass-failure brake).</param>
/// <param name="Candidate">The standby the selector chose, or why none.</param>
public sealed record FailoverSituation(
    Service Service,
    Policy Policy,
    ServiceState State,
    SiteVerdict? PrimaryVerdict,
    int LostSites,
    int TotalSites,
    bool OperationActive,
    IReadOnlyList<FreezeWindow> Freezes,
    DateTimeOffset Now,
    CandidateChoice? Candidate);
