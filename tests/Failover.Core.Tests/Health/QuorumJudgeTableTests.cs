using System.Globalization;
using Failover.Core.Health;
using Failover.Core.Topology;

namespace Failover.Core.Tests.Health;

/// <summary>The quorum rules over hand-written views: three observers, majority (2), 10 s grace.</summary>
public class QuorumJudgeTableTests
{
    private static readonly string[] Observers = ["obs-gra", "obs-par", "obs-rbx"];

    /// <summary>
    /// One cell per observer: Hn healthy, Sn suspect, Dn down for n seconds, F flapping, X suspects itself,
    /// - no view, O stale view.
    /// </summary>
    [Theory]
    [InlineData("D30 D30 D30", HealthState.Lost, true, false)]
    [InlineData("D30 D30 H", HealthState.Lost, true, false)]
    [InlineData("D30 D5 D5", HealthState.Down, true, false)]
    [InlineData("D30 D9 H", HealthState.Down, true, false)]
    [InlineData("D30 H H", HealthState.Healthy, true, false)]
    [InlineData("D30 S1 H", HealthState.Suspect, false, false)]
    [InlineData("D30 D30 X", HealthState.Lost, true, false)]
    [InlineData("D30 X X", HealthState.Suspect, false, true)]
    [InlineData("D30 - O", HealthState.Suspect, false, true)]
    [InlineData("X X X", HealthState.Unknown, false, true)]
    [InlineData("F F F", HealthState.Flapping, false, false)]
    [InlineData("D30 F F", HealthState.Flapping, false, false)]
    [InlineData("D30 D30 F", HealthState.Lost, true, false)]
    [InlineData("H H H", HealthState.Healthy, true, false)]
    [InlineData("H H X", HealthState.Healthy, true, false)]
    public void Judge_ObserverViews_GiveVerdict(string cells, HealthState expected, bool quorumConfirmed, bool blocked)
    {
        var clock = HealthTestKit.Clock();
        var judge = new QuorumJudge(Observers, ["ovh-sbg", "scw-par"], new QuorumPolicy(null), 0.5, HealthTestKit.Thresholds(), clock);
        var views = Views(cells, clock.GetUtcNow());

        var verdict = judge.Judge(views).Single(v => v.SiteId == "ovh-sbg");

        verdict.State.Should().Be(expected);
        verdict.QuorumConfirmed.Should().Be(quorumConfirmed);
        (verdict.AutomaticActionBlocked is not null).Should().Be(blocked, because: verdict.AutomaticActionBlocked ?? "no reason given");
        verdict.IsLost.Should().Be(expected == HealthState.Lost);
        verdict.Evidence.ObserversVoting.Count.Should().Be(views.Count(v => !v.Value.SelfSuspect && clock.GetUtcNow() - v.Value.At <= TimeSpan.FromSeconds(5)));
        (verdict.Evidence.ObserversVoting.Count + verdict.Evidence.ObserversAbstaining.Count).Should().Be(3);
    }

    [Fact]
    public void Judge_ExplicitQuorumOfThree_OneHealthyObserverPreventsLoss()
    {
        var clock = HealthTestKit.Clock();
        var judge = new QuorumJudge(Observers, ["ovh-sbg"], new QuorumPolicy(3), 1.0, HealthTestKit.Thresholds(), clock);

        var verdict = judge.Judge(Views("D30 D30 H", clock.GetUtcNow())).Single();

        verdict.State.Should().NotBe(HealthState.Lost);
        verdict.Evidence.QuorumRequired.Should().Be(3);
    }

    [Fact]
    public void Judge_LostVerdict_CarriesEvidence()
    {
        var clock = HealthTestKit.Clock();
        var judge = new QuorumJudge(Observers, ["ovh-sbg"], new QuorumPolicy(null), 1.0, HealthTestKit.Thresholds(), clock);

        var verdict = judge.Judge(Views("D30 D12 X", clock.GetUtcNow())).Single();

        verdict.State.Should().Be(HealthState.Lost);
        verdict.UnhealthyFor.Should().Be(TimeSpan.FromSeconds(12), because: "the quorum (2) has seen it down at least 12 s");
        verdict.Evidence.ObserversDown.Should().Equal("obs-gra", "obs-par");
        verdict.Evidence.ObserversAbstaining.Should().ContainKey("obs-rbx").WhoseValue.Should().StartWith("suspects itself");
        verdict.Evidence.FailingProbes.Should().ContainKey("ent@ovh-sbg/http").WhoseValue.Should().Contain("obs-gra").And.Contain("timeout");
        verdict.Evidence.Probes.Should().HaveCount(2);
        verdict.Since.Should().Be(clock.GetUtcNow());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Constructor_QuorumOutOfRange_NamesTheSetting(int count)
    {
        var act = () => new QuorumJudge(Observers, ["ovh-sbg"], new QuorumPolicy(count), 0.5, HealthTestKit.Thresholds(), HealthTestKit.Clock());

        act.Should().Throw<ArgumentException>().WithMessage("*quorum.count*");
    }

    private static Dictionary<string, ObserverView> Views(string cells, DateTimeOffset now)
    {
        var views = new Dictionary<string, ObserverView>(StringComparer.Ordinal);
        var parts = cells.Split(' ');
        for (var i = 0; i < parts.Length; i++)
        {
            var cell = parts[i];
            var observer = Observers[i];
            if (cell == "-")
            {
                continue;
            }

            var stale = cell == "O";
            var self = cell == "X";
            var state = cell[0] switch
            {
                'H' or 'O' => HealthState.Healthy,
                'S' => HealthState.Suspect,
                'D' or 'X' => HealthState.Down,
                'F' => HealthState.Flapping,
                _ => throw new ArgumentException(cell),
            };
            var seconds = cell.Length > 1 ? int.Parse(cell[1..], CultureInfo.InvariantCulture) : 0;
            var unhealthy = TimeSpan.FromSeconds(seconds);
            var target = new TargetObservation(
                "ent@ovh-sbg/http", "ovh-sbg", state, now - unhealthy, unhealthy, state == HealthState.Healthy ? 0 : 3,
                state == HealthState.Healthy ? ProbeFailureReason.None : ProbeFailureReason.Timeout, now,
                state == HealthState.Healthy ? null : "timeout: no answer", state == HealthState.Healthy ? null : now);
            var site = new SiteObservation("ovh-sbg", state, now - unhealthy, unhealthy, [target]);
            views[observer] = new ObserverView(
                observer, stale ? now - TimeSpan.FromSeconds(30) : now, self, self ? "reaches none of its 2 site(s)" : null, [site]);
        }

        return views;
    }
}
