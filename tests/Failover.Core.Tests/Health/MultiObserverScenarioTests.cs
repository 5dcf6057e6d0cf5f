using Failover.Core.Health;
using Failover.Core.Topology;
using Microsoft.Extensions.Time.Testing;

namespace Failover.Core.Tests.Health;

/// <summary>
/// Several in-process observers, each with its own health model, exchanging views through the in-memory exchange and
/// judged by the quorum, on a fake clock that moves one second per probe round.
/// </summary>
public class MultiObserverScenarioTests
{
    private static readonly string[] ObserverIds = ["obs-gra", "obs-par", "obs-rbx"];

    [Fact]
    public async Task OneObserverPartitionedFromSite_TwoSeeItUp_IsNotLost()
    {
        var estate = new Lab(["ovh-sbg", "scw-par"]);

        var verdicts = await estate.RunAsync(60, (observer, site, _) => !(observer == "obs-gra" && site == "ovh-sbg"));

        var sbg = verdicts.Single(v => v.SiteId == "ovh-sbg");
        sbg.State.Should().Be(HealthState.Healthy);
        sbg.IsLost.Should().BeFalse();
        sbg.Evidence.ObserversDown.Should().Equal("obs-gra");
        sbg.Evidence.FailingProbes.Keys.Should().Contain("ent@ovh-sbg/http");
        estate.EverLost.Should().BeEmpty();
    }

    [Fact]
    public async Task AllObserversLoseEverything_SuspectThemselves_NoVerdict()
    {
        var estate = new Lab(["ovh-sbg", "scw-par"]);
        await estate.RunAsync(10, (_, _, _) => true);

        var verdicts = await estate.RunAsync(60, (_, _, _) => false);

        verdicts.Should().AllSatisfy(v =>
        {
            v.IsLost.Should().BeFalse();
            v.State.Should().Be(HealthState.Unknown);
            v.AutomaticActionBlocked.Should().Contain("no quorum of observers");
            v.Evidence.ObserversAbstaining.Should().HaveCount(3).And.AllSatisfy(a => a.Value.Should().StartWith("suspects itself"));
        });
        estate.EverLost.Should().BeEmpty();
    }

    [Fact]
    public async Task SiteDownForAllObservers_BecomesLostOnlyAfterGracePeriod()
    {
        var estate = new Lab(["ovh-sbg", "scw-par"]);
        await estate.RunAsync(10, (_, _, _) => true);
        var burnedAt = estate.Clock.GetUtcNow();

        var early = await estate.RunAsync(8, (_, site, _) => site != "ovh-sbg");
        early.Single(v => v.SiteId == "ovh-sbg").State.Should().Be(HealthState.Down, because: "8 s of failures is within the 10 s grace period");

        var late = await estate.RunAsync(4, (_, site, _) => site != "ovh-sbg");
        var sbg = late.Single(v => v.SiteId == "ovh-sbg");
        sbg.State.Should().Be(HealthState.Lost);
        sbg.IsLost.Should().BeTrue();
        sbg.AutomaticActionBlocked.Should().BeNull();
        sbg.UnhealthyFor.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(10));
        sbg.Since.Should().BeAfter(burnedAt).And.BeBefore(burnedAt + TimeSpan.FromSeconds(4));
        sbg.Evidence.ObserversDown.Should().Equal(ObserverIds);
        late.Single(v => v.SiteId == "scw-par").State.Should().Be(HealthState.Healthy);
    }

    [Fact]
    public async Task FlappingSite_IsFlappingAndNeverLost()
    {
        var estate = new Lab(["ovh-sbg", "scw-par"]);
        await estate.RunAsync(5, (_, _, _) => true);

        // Down 4 s, up 3 s, over and over: each outage is shorter than the grace period, together they are not.
        var verdicts = await estate.RunAsync(90, (_, site, second) => site != "ovh-sbg" || second % 7 >= 4);

        verdicts.Single(v => v.SiteId == "ovh-sbg").State.Should().Be(HealthState.Flapping);
        estate.EverLost.Should().BeEmpty();
    }

    [Fact]
    public async Task FlappingSiteThatFinallyDies_IsLostWithAccumulatedTime()
    {
        var estate = new Lab(["ovh-sbg", "scw-par"]);
        await estate.RunAsync(5, (_, _, _) => true);
        await estate.RunAsync(30, (_, site, second) => site != "ovh-sbg" || second % 7 >= 4);

        var verdicts = await estate.RunAsync(62, (_, site, _) => site != "ovh-sbg");

        var sbg = verdicts.Single(v => v.SiteId == "ovh-sbg");
        sbg.State.Should().Be(HealthState.Lost);
        sbg.UnhealthyFor.Should().BeGreaterThan(TimeSpan.FromSeconds(62), because: "the outages before it settled down count too");
    }

    [Fact]
    public async Task MostSitesLostAtOnce_MassFailureBrakeBlocksAutomaticAction()
    {
        var estate = new Lab(["ovh-sbg", "ovh-rbx", "scw-par"], massFailureMaxLostShare: 0.5);
        await estate.RunAsync(5, (_, _, _) => true);

        var verdicts = await estate.RunAsync(15, (_, site, _) => site == "scw-par");

        var lost = verdicts.Where(v => v.State == HealthState.Lost).ToList();
        lost.Should().HaveCount(2);
        lost.Should().AllSatisfy(v => v.AutomaticActionBlocked.Should().StartWith("mass-failure brake: 2 of 3 sites"));
    }

    [Fact]
    public async Task OneSiteLostOfThree_BrakeStaysOff()
    {
        var estate = new Lab(["ovh-sbg", "ovh-rbx", "scw-par"], massFailureMaxLostShare: 0.5);
        await estate.RunAsync(5, (_, _, _) => true);

        var verdicts = await estate.RunAsync(15, (_, site, _) => site != "ovh-sbg");

        verdicts.Single(v => v.SiteId == "ovh-sbg").Should().Match<SiteVerdict>(v => v.IsLost && v.AutomaticActionBlocked == null);
    }

    [Fact]
    public async Task ObserverCutOffFromOthers_GoesStaleAndAbstains_RemainingMajorityStillDecides()
    {
        var estate = new Lab(["ovh-sbg", "scw-par"]);
        await estate.RunAsync(5, (_, _, _) => true);
        estate.Exchange.Isolate("obs-rbx");

        var verdicts = await estate.RunAsync(15, (_, site, _) => site != "ovh-sbg");

        var sbg = verdicts.Single(v => v.SiteId == "ovh-sbg");
        sbg.IsLost.Should().BeTrue();
        sbg.Evidence.ObserversAbstaining.Should().ContainKey("obs-rbx").WhoseValue.Should().StartWith("view is stale");
    }

    [Fact]
    public async Task TwoObserversCutOff_LoneObserverCannotDecide()
    {
        var estate = new Lab(["ovh-sbg", "scw-par"]);
        await estate.RunAsync(5, (_, _, _) => true);
        estate.Exchange.Isolate("obs-par");
        estate.Exchange.Isolate("obs-rbx");

        var verdicts = await estate.RunAsync(30, (_, site, _) => site != "ovh-sbg");

        var sbg = verdicts.Single(v => v.SiteId == "ovh-sbg");
        sbg.IsLost.Should().BeFalse();
        sbg.AutomaticActionBlocked.Should().Be("no quorum of observers: 1 of 3 vote, 2 required");
    }

    /// <summary>Three observers, one HTTP and one PostgreSQL target per site, 1 s rounds on a fake clock.</summary>
    private sealed class Lab
    {
        private readonly List<ObserverHealthModel> _models;
        private readonly List<ProbeTarget> _targets;
        private readonly QuorumJudge _judge;

        public Lab(string[] sites, double massFailureMaxLostShare = 0.5)
        {
            var thresholds = HealthTestKit.Thresholds();
            _models = [.. ObserverIds.Select(id => new ObserverHealthModel(id, thresholds, Clock))];
            _targets = [.. sites.SelectMany(s => new[] { HealthTestKit.Http(s), (ProbeTarget)HealthTestKit.Http(s, "pg") })];
            foreach (var model in _models)
            {
                _targets.ForEach(model.AddTarget);
            }

            _judge = new QuorumJudge(ObserverIds, sites, new QuorumPolicy(null), massFailureMaxLostShare, thresholds, Clock);
        }

        public FakeTimeProvider Clock { get; } = HealthTestKit.Clock();

        public InMemoryObserverViewExchange Exchange { get; } = new();

        public HashSet<string> EverLost { get; } = [];

        /// <summary>Runs <paramref name="seconds"/> probe rounds; <paramref name="reachable"/>(observer, site, second) says who reaches what.</summary>
        public async Task<IReadOnlyList<SiteVerdict>> RunAsync(int seconds, Func<string, string, int, bool> reachable)
        {
            IReadOnlyList<SiteVerdict> verdicts = [];
            for (var second = 0; second < seconds; second++)
            {
                var now = Clock.GetUtcNow();
                foreach (var model in _models)
                {
                    foreach (var target in _targets)
                    {
                        model.Record(target, reachable(model.ObserverId, target.SiteId, second)
                            ? HealthTestKit.Ok(target, now)
                            : HealthTestKit.Fail(target, now));
                    }
                }

                Clock.Advance(TimeSpan.FromSeconds(1));
                foreach (var model in _models)
                {
                    await Exchange.PublishAsync(model.Snapshot(), CancellationToken.None);
                }

                verdicts = _judge.Judge(await Exchange.GetViewsAsync(CancellationToken.None));
                EverLost.UnionWith(verdicts.Where(v => v.State == HealthState.Lost).Select(v => v.SiteId));
            }

            return verdicts;
        }
    }
}
