namespace Failover.Core.Topology;

/// <summary>How and when a service may be moved without a human.</summary>
public sealed record Policy(
    string Id,
    bool AutomaticFailover,
    DetectionPolicy Detection,
    QuorumPolicy Quorum,
    TimeSpan FlapDampingMinInterval,
    double MassFailureMaxLostShare,
    ApprovalPolicy Approval)
{
    /// <summary>The write lease granted to the primary's site agent.</summary>
    public LeasePolicy Lease { get; init; } = LeasePolicy.Default;
}
