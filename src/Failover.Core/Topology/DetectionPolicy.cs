namespace Failover.Core.Topology;

public sealed record DetectionPolicy(TimeSpan Interval, TimeSpan GracePeriod, int FailuresToSuspect, int FailuresToDown, int SuccessesToRecover);
