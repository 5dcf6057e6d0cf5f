using Failover.Core.Decisions;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;

namespace Failover.Core.Tests.Decisions;

public class AutomaticDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 1, 0, 0, TimeSpan.Zero);
    private static readonly Service Service = Failover.Simulation.SimEstate.Build(1).Services[0];

    private static Policy Policy(bool automatic = true) => new(
        "p", automatic, new DetectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, 3, 2), new QuorumPolicy(null),
        TimeSpan.FromMinutes(5), 0.5, new ApprovalPolicy(true, TimeSpan.FromMinutes(2), false));

    private static SiteVerdict Verdict(HealthState state, bool quorum = true, int lostForSeconds = 30, string? blocked = null) =>
        new("ovh-sbg", state, Now - TimeSpan.FromSeconds(lostForSeconds), TimeSpan.FromSeconds(lostForSeconds), quorum, blocked,
            new VerdictEvidence(["obs-a", "obs-b"], ["obs-a", "obs-b", "obs-c"], new Dictionary<string, string>(), new Dictionary<string, string>()));

    private static CandidateChoice Candidate(bool withinBudget = true) =>
        new("ovh-rbx", "ovh-rbx: preference #1", new DataLossQuote(withinBudget ? 1000 : 10_000_000, null, withinBudget, "test"), []);

    private static FailoverSituation Situation(
        SiteVerdict? verdict = null, bool active = false, int lost = 1, Policy? policy = null, DateTimeOffset? lastFailover = null,
        IReadOnlyList<FreezeWindow>? freezes = null, CandidateChoice? candidate = null, bool noCandidate = false) =>
        new(Service, policy ?? Policy(), ServiceState.Initial(Service) with { LastFailoverAt = lastFailover }, verdict ?? Verdict(HealthState.Lost),
            lost, 3, active, freezes ?? [], Now, noCandidate ? new CandidateChoice(null, "no eligible standby", null, []) : candidate ?? Candidate());

    public static TheoryData<string, FailoverSituation, DecisionOutcome, string> Guardrails => new()
    {
        { "quorum Lost past grace, healthy standby within budget", Situation(), DecisionOutcome.Start, "promote" },
        { "primary healthy", Situation(Verdict(HealthState.Healthy, quorum: false)), DecisionOutcome.NoAction, "not quorum-Lost" },
        { "Down but not yet Lost", Situation(Verdict(HealthState.Down, quorum: false)), DecisionOutcome.NoAction, "not quorum-Lost" },
        { "Lost state without quorum confirmation", Situation(Verdict(HealthState.Lost, quorum: false)), DecisionOutcome.NoAction, "not quorum-Lost" },
        { "another operation active", Situation(active: true), DecisionOutcome.Hold, "another operation" },
        { "mass-failure brake from the verdict", Situation(Verdict(HealthState.Lost, blocked: "2 of 3 sites lost")), DecisionOutcome.Hold, "blocked" },
        { "mass-failure brake from the share of lost sites", Situation(lost: 2), DecisionOutcome.Hold, "mass-failure brake" },
        { "grace period not elapsed", Situation(Verdict(HealthState.Lost, lostForSeconds: 5)), DecisionOutcome.Hold, "grace period" },
        { "maintenance window", Situation(freezes: [new FreezeWindow(FreezeWindowKind.Maintenance, Service.Id, null, Now.AddMinutes(-1), Now.AddMinutes(10), "upgrade")]), DecisionOutcome.Hold, "maintenance freeze" },
        { "drill freeze on a site of the service", Situation(freezes: [new FreezeWindow(FreezeWindowKind.Drill, null, "ovh-rbx", Now.AddMinutes(-1), Now.AddMinutes(10), "drill")]), DecisionOutcome.Hold, "drill freeze" },
        { "freeze of another service", Situation(freezes: [new FreezeWindow(FreezeWindowKind.Drill, "other", null, Now.AddMinutes(-1), Now.AddMinutes(10), "drill")]), DecisionOutcome.Start, "promote" },
        { "expired freeze", Situation(freezes: [new FreezeWindow(FreezeWindowKind.Maintenance, null, null, Now.AddMinutes(-10), Now.AddMinutes(-1), "done")]), DecisionOutcome.Start, "promote" },
        { "no eligible standby", Situation(noCandidate: true), DecisionOutcome.Hold, "no eligible standby" },
        { "policy forbids automatic failover", Situation(policy: Policy(automatic: false)), DecisionOutcome.RequestApproval, "does not allow automatic" },
        { "flap damping: last failover 1 min ago", Situation(lastFailover: Now.AddMinutes(-1)), DecisionOutcome.RequestApproval, "flap damping" },
        { "flap damping satisfied: last failover 10 min ago", Situation(lastFailover: Now.AddMinutes(-10)), DecisionOutcome.Start, "promote" },
        { "lag beyond the RPO budget", Situation(candidate: Candidate(withinBudget: false)), DecisionOutcome.RequestApproval, "beyond the RPO budget" },
    };

    [Theory]
    [MemberData(nameof(Guardrails))]
    public void DecideFailover_Guardrail_GivesExpectedOutcome(string scenario, FailoverSituation situation, DecisionOutcome expected, string reason)
    {
        var decision = AutomaticDecider.DecideFailover(situation);

        decision.Outcome.Should().Be(expected, scenario);
        decision.Reason.Should().Contain(reason, scenario);
    }

    [Fact]
    public void DecideFailover_LostThroughFlapping_CountsTheUnhealthyTime_NotTheVerdictsAge()
    {
        // Flapping, then Lost: the verdict has said Lost for 1 s, but the quorum has seen the site unhealthy for 30 s.
        var justLost = new SiteVerdict("ovh-sbg", HealthState.Lost, Now - TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), true, null,
            new VerdictEvidence(["obs-a", "obs-b"], ["obs-a", "obs-b", "obs-c"], new Dictionary<string, string>(), new Dictionary<string, string>()));

        AutomaticDecider.DecideFailover(Situation(justLost)).Outcome.Should().NotBe(DecisionOutcome.Hold);
    }
}
