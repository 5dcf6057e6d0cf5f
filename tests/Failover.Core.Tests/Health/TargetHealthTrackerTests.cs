using Failover.Core.Health;

namespace Failover.Core.Tests.Health;

public class TargetHealthTrackerTests
{
    private static readonly HttpProbeTarget Target = HealthTestKit.Http("ovh-sbg");

    /// <summary>Feeds one result per second: S = success, F = failure.</summary>
    private static (TargetHealthTracker Tracker, DateTimeOffset End) Run(string pattern, TargetHealthTracker? tracker = null, DateTimeOffset? from = null)
    {
        tracker ??= new TargetHealthTracker(Target.Id, Target.SiteId, HealthTestKit.Thresholds(), HealthTestKit.Start);
        var at = from ?? HealthTestKit.Start;
        foreach (var c in pattern)
        {
            tracker.Record(c == 'S' ? HealthTestKit.Ok(Target, at) : HealthTestKit.Fail(Target, at));
            at += TimeSpan.FromSeconds(1);
        }

        return (tracker, at);
    }

    [Theory]
    [InlineData("", HealthState.Unknown)]
    [InlineData("S", HealthState.Healthy)]
    [InlineData("F", HealthState.Suspect)]
    [InlineData("FF", HealthState.Suspect)]
    [InlineData("FFF", HealthState.Down)]
    [InlineData("SSF", HealthState.Suspect)]
    [InlineData("SFS", HealthState.Suspect)]
    [InlineData("SFSS", HealthState.Healthy)]
    [InlineData("SFFS", HealthState.Suspect)]
    [InlineData("SFFFFS", HealthState.Down)]
    [InlineData("SFFFFSS", HealthState.Healthy)]
    [InlineData("SFFFSFS", HealthState.Down)]
    [InlineData("SFFFSFFF", HealthState.Down)]
    [InlineData("SFFFSSFFF", HealthState.Flapping)]
    // Coming up (a server that starts fenced): falls before the first healthy spell do not count toward flapping.
    [InlineData("FFFSSFFF", HealthState.Down)]
    [InlineData("FFFSSFFFSSFFF", HealthState.Flapping)]
    public void Record_Sequence_ReachesStateWithHysteresis(string pattern, HealthState expected)
    {
        var (tracker, _) = Run(pattern);

        tracker.State.Should().Be(expected, because: $"after {pattern}");
    }

    [Fact]
    public void UnhealthyFor_CountsFromFirstFailureOfTheStreak()
    {
        var (tracker, end) = Run("SFFFF");

        // Failures started at t=1 s; the last result ended at t=4 s + 0.8 s.
        tracker.UnhealthyFor(end).Should().Be(end - (HealthTestKit.Start + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void UnhealthyFor_OscillatingTarget_AccumulatesAcrossRecoveries()
    {
        // Down 4 s, up 2 s, down 4 s, up 2 s: each recovery must not reset the clock.
        var (tracker, end) = Run("SFFFFSSFFFFSS");

        var observation = tracker.Observe(end);

        observation.State.Should().Be(HealthState.Flapping);
        observation.UnhealthyFor.Should().BeGreaterThan(TimeSpan.FromSeconds(8), because: "two 4 s outages accumulate");
    }

    [Fact]
    public void UnhealthyFor_AfterStablePeriod_IsForgotten()
    {
        var (tracker, end) = Run("SFFFFSS");
        tracker.UnhealthyFor(end).Should().BePositive();

        tracker.Tick(end + TimeSpan.FromSeconds(31));

        tracker.UnhealthyFor(end + TimeSpan.FromSeconds(31)).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void State_SecondFallIntoDownWithinWindow_IsFlapping()
    {
        var (tracker, end) = Run("SFFFSSFFF");

        var observation = tracker.Observe(end);

        observation.State.Should().Be(HealthState.Flapping);
        observation.UnhealthyFor.Should().BeGreaterThan(TimeSpan.FromSeconds(6));
    }

    [Fact]
    public void State_ShortBlipsThatNeverReachDown_AreNotFlapping()
    {
        var (tracker, _) = Run("SFSSFFSSFSSFFSS");

        tracker.State.Should().Be(HealthState.Healthy);
    }

    [Fact]
    public void State_FlappingThenStableUp_ReturnsToHealthyAfterStablePeriod()
    {
        var (tracker, end) = Run("SFFFSSFFFSSFFFSS");
        tracker.State.Should().Be(HealthState.Flapping);

        var (stillFlapping, later) = Run(new string('S', 10), tracker, end);
        stillFlapping.State.Should().Be(HealthState.Flapping, because: "10 s of health is shorter than the 30 s stable period");

        tracker.Tick(later + TimeSpan.FromSeconds(30));
        tracker.State.Should().Be(HealthState.Healthy);
    }

    [Fact]
    public void State_FlappingThenStaysDown_BecomesDownKeepingAccumulatedTime()
    {
        var (tracker, end) = Run("SFFFSSFFFSSFFF");
        var (_, later) = Run(new string('F', 31), tracker, end);

        var observation = tracker.Observe(later);

        observation.State.Should().Be(HealthState.Down);
        observation.UnhealthyFor.Should().BeGreaterThan(TimeSpan.FromSeconds(40));
    }

    [Fact]
    public void Observe_AfterRecovery_KeepsLastErrorAsEvidence()
    {
        var (tracker, end) = Run("FFFSS");

        var observation = tracker.Observe(end);

        observation.LastReason.Should().Be(ProbeFailureReason.None);
        observation.LastError.Should().Be("timeout: no answer within 800 ms");
        observation.LastFailureAt.Should().Be(HealthTestKit.Start + TimeSpan.FromSeconds(2));
    }
}

public class HealthThresholdsTests
{
    [Fact]
    public void From_DetectionPolicy_TakesThresholdsAndDerivesTheRest()
    {
        var t = HealthThresholds.From(new Core.Topology.DetectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), 1, 3, 2));

        t.Should().Be(new HealthThresholds(1, 3, 2, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60), 2, TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData(0, 3, 2, "FailuresToSuspect")]
    [InlineData(3, 2, 2, "FailuresToDown")]
    [InlineData(1, 3, 0, "SuccessesToRecover")]
    public void Validate_Nonsense_NamesTheSetting(int suspect, int down, int recover, string setting)
    {
        var act = () => HealthThresholds.From(new Core.Topology.DetectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), suspect, down, recover)).Validate();

        act.Should().Throw<ArgumentException>().WithMessage($"*{setting}*");
    }
}
