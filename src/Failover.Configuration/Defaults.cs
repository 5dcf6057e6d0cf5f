using Failover.Core.Topology;

namespace Failover.Configuration;

/// <summary>Every default of the estate file, in one place.</summary>
public static class Defaults
{
    public const string PolicyId = "default";

    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Rto = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Rpo = TimeSpan.FromSeconds(5);

    /// <summary>Used when the file defines no policy named <c>default</c>.</summary>
    public static readonly Policy Policy = new(
        PolicyId,
        AutomaticFailover: true,
        new DetectionPolicy(Interval: TimeSpan.FromSeconds(1), GracePeriod: TimeSpan.FromSeconds(10), FailuresToSuspect: 2, FailuresToDown: 3, SuccessesToRecover: 3),
        new QuorumPolicy(null),
        FlapDampingMinInterval: TimeSpan.FromMinutes(30),
        MassFailureMaxLostShare: 0.5,
        new ApprovalPolicy(TwoPersonRule: true, RequestExpiry: TimeSpan.FromMinutes(15), ApproveSwitchovers: false));
}
