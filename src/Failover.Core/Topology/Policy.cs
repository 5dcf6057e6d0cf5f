namespace Failover.Core.Topology;

/// <summary>How and when a service may be moved without a human.</summary>
public sealed record Policy(
    string Id,
    bool AutomaticFailover,
    DetectionPolicy Detection,
    QuorumPolicy Quorum,
    TimeSpan FlapDampingMinInterval,
    double MassFailureMaxLostShare,
    ApprovalPolicy Approval);

public sealed record DetectionPolicy(TimeSpan Interval, TimeSpan GracePeriod, int FailuresToSuspect, int FailuresToDown, int SuccessesToRecover);

/// <summary>How many observers must agree that a site is lost; null <see cref="Count"/> means a strict majority.</summary>
public sealed record QuorumPolicy(int? Count)
{
    public int Required(int observers) => Count ?? (observers / 2) + 1;
}

public sealed record ApprovalPolicy(bool TwoPersonRule, TimeSpan RequestExpiry, bool ApproveSwitchovers);
