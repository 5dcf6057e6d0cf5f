using Failover.Core.Decisions;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;

namespace Failover.Core.Tests.Decisions;

public class ApprovalRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 1, 0, 0, TimeSpan.Zero);
    private static readonly DataLossQuote Within = new(100, TimeSpan.Zero, true, "test");
    private static readonly DataLossQuote Beyond = new(10_000_000, null, false, "test");

    private static Policy Policy(bool twoPerson = true, bool approveSwitchovers = false, bool automatic = true) => new(
        "p", automatic, new DetectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, 3, 2), new QuorumPolicy(null),
        TimeSpan.FromMinutes(5), 0.5, new ApprovalPolicy(twoPerson, TimeSpan.FromMinutes(2), approveSwitchovers));

    private static OperationRequest Request(OperationKind kind, string by = "alice", bool force = false) => new("ent-1", kind, null, by, "test", force);

    public static TheoryData<string, OperationRequest, Policy, DataLossQuote, string?> Requests => new()
    {
        { "automatic failover within budget", Request(OperationKind.Failover, OperationRequest.EngineActor), Policy(), Within, null },
        { "automatic failover beyond budget", Request(OperationKind.Failover, OperationRequest.EngineActor), Policy(), Beyond, "beyond the RPO budget" },
        { "automatic failover, manual policy", Request(OperationKind.Failover, OperationRequest.EngineActor), Policy(automatic: false), Within, "does not allow automatic" },
        { "manual failover, two-person rule", Request(OperationKind.Failover), Policy(), Within, "second person" },
        { "manual failover, no two-person rule", Request(OperationKind.Failover), Policy(twoPerson: false), Within, null },
        { "manual failover beyond budget", Request(OperationKind.Failover), Policy(twoPerson: false), Beyond, "beyond the RPO budget" },
        { "manual failover beyond budget, forced", Request(OperationKind.Failover, force: true), Policy(twoPerson: false), Beyond, null },
        { "forced failover still needs the second person", Request(OperationKind.Failover, force: true), Policy(), Beyond, "second person" },
        { "switchover, policy approves switchovers", Request(OperationKind.Switchover), Policy(approveSwitchovers: true), Within, "approval of switchovers" },
        { "switchover, no switchover approval", Request(OperationKind.Switchover), Policy(), Within, null },
        { "failback, policy approves switchovers", Request(OperationKind.Failback), Policy(approveSwitchovers: true), Within, "approval of switchovers" },
        { "fence", Request(OperationKind.Fence), Policy(), Within, null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Required_Request_GivesExpectedApproval(string scenario, OperationRequest request, Policy policy, DataLossQuote quote, string? reason)
    {
        var why = ApprovalRules.Required(request, policy, quote);

        if (reason is null)
        {
            why.Should().BeNull(scenario);
        }
        else
        {
            why.Should().Contain(reason, scenario);
        }
    }

    private static OperationRecord Pending(string requestedBy = "alice", OperationStatus status = OperationStatus.AwaitingApproval, int expiresInSeconds = 60) => new(
        "op-1", "ent-1", OperationKind.Failover, status,
        new RecordedRequest(requestedBy, "test", [], Now.AddMinutes(-1), ExpiresAt: Now.AddSeconds(expiresInSeconds)),
        new RecordedPlan("ovh-sbg", "ovh-rbx", "test", Epoch.Initial, Epoch.Initial.Next(), ["bump-epoch"], Beyond, ApprovalRequired: true, ApprovalWhy: "two-person"),
        OperationProgress.None, OperationOutcome.Pending);

    public static TheoryData<string, OperationRecord, string, Policy, string?> Approvals => new()
    {
        { "another person approves", Pending(), "bob", Policy(), null },
        { "requester approves own request (two-person rule)", Pending(), "alice", Policy(), "two-person rule" },
        { "requester approves, case differs", Pending(), "ALICE", Policy(), "two-person rule" },
        { "requester approves own request, rule off", Pending(), "alice", Policy(twoPerson: false), null },
        { "engine approves", Pending(), OperationRequest.EngineActor, Policy(), "engine cannot approve" },
        { "no name", Pending(), " ", Policy(), "a name is required" },
        { "request expired", Pending(expiresInSeconds: -1), "bob", Policy(), "expired" },
        { "already queued", Pending(status: OperationStatus.Queued), "bob", Policy(), "not awaiting approval" },
        { "automatic request, any human", Pending(OperationRequest.EngineActor), "alice", Policy(), null },
    };

    [Theory]
    [MemberData(nameof(Approvals))]
    public void CheckApprover_Approver_GivesExpectedVerdict(string scenario, OperationRecord operation, string approver, Policy policy, string? refusal)
    {
        var why = ApprovalRules.CheckApprover(operation, approver, policy, Now);

        if (refusal is null)
        {
            why.Should().BeNull(scenario);
        }
        else
        {
            why.Should().Contain(refusal, scenario);
        }
    }
}
