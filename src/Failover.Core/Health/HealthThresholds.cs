using Failover.Core.Topology;

namespace Failover.Core.Health;

/// <summary>
/// The numbers the health state machines run on. The detection thresholds come from the service's
/// <see cref="DetectionPolicy"/>; flap detection and view freshness have defaults derived from it.
/// </summary>
/// <param name="FailuresToSuspect">Consecutive failures that make a Healthy target Suspect.</param>
/// <param name="FailuresToDown">Consecutive failures that make a target Down.</param>
/// <param name="SuccessesToRecover">Consecutive successes that bring a Suspect or Down target back to Healthy.</param>
/// <param name="GracePeriod">How long a quorum must have seen a site Down before it is Lost.</param>
/// <param name="StablePeriod">Continuous health after which accumulated unhealthy time is forgotten and Flapping ends.</param>
/// <param name="FlapWindow">The window in which <paramref name="FlapCount"/> falls into Down mark a target Flapping.</param>
/// <param name="FlapCount">Falls into Down within <paramref name="FlapWindow"/> that make a target Flapping (default 2: a target that
/// went Down, recovered and went Down again is not trusted to decide a failover until it has been stable).</param>
/// <param name="MaxViewAge">An observer view older than this is stale: that observer abstains.</param>
public sealed record HealthThresholds(
    int FailuresToSuspect,
    int FailuresToDown,
    int SuccessesToRecover,
    TimeSpan GracePeriod,
    TimeSpan StablePeriod,
    TimeSpan FlapWindow,
    int FlapCount,
    TimeSpan MaxViewAge)
{
    /// <summary>Thresholds from a detection policy, with defaults for what the policy does not say.</summary>
    public static HealthThresholds From(DetectionPolicy detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var interval = detection.Interval > TimeSpan.Zero ? detection.Interval : TimeSpan.FromSeconds(1);
        var grace = detection.GracePeriod;
        var stable = Max(grace, interval * 10);
        return new HealthThresholds(
            detection.FailuresToSuspect,
            detection.FailuresToDown,
            detection.SuccessesToRecover,
            grace,
            StablePeriod: stable,
            FlapWindow: Max(stable * 4, interval * 60),
            FlapCount: 2,
            MaxViewAge: Max(interval * 5, TimeSpan.FromSeconds(5)));
    }

    /// <summary>Fails fast with the name of the first setting that makes no sense.</summary>
    public HealthThresholds Validate()
    {
        Require(FailuresToSuspect >= 1, nameof(FailuresToSuspect), "must be at least 1");
        Require(FailuresToDown >= FailuresToSuspect, nameof(FailuresToDown), "must be at least FailuresToSuspect");
        Require(SuccessesToRecover >= 1, nameof(SuccessesToRecover), "must be at least 1");
        Require(GracePeriod >= TimeSpan.Zero, nameof(GracePeriod), "must not be negative");
        Require(StablePeriod > TimeSpan.Zero, nameof(StablePeriod), "must be positive");
        Require(FlapWindow > TimeSpan.Zero, nameof(FlapWindow), "must be positive");
        Require(FlapCount >= 2, nameof(FlapCount), "must be at least 2");
        Require(MaxViewAge > TimeSpan.Zero, nameof(MaxViewAge), "must be positive");
        return this;
    }

    private static void Require(bool ok, string name, string why)
    {
        if (!ok)
        {
            throw new ArgumentException($"health threshold {name} {why}", name);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
