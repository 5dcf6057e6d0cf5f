using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Testing;

namespace Failover.Core.Tests.Engine;

/// <summary>A decision to ask a human makes an operation that waits for one, whatever the planner's own rules find.</summary>
public class ApprovalMeansApprovalTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task SecondLossWithinFlapDamping_TheFailoverAwaitsAHuman_AndRunsOnlyOnceApproved()
    {
        using var h = new EngineHarness();
        await h.TickAsync(3);
        h.Burn("ovh-sbg");
        await h.TickAsync(10);
        h.State().PrimarySiteId.Should().Be("ovh-rbx", "the first loss fails over on its own");
        h.World.Burned.Remove("ovh-sbg"); // power is back: the old primary comes back fenced and is rebuilt as a standby
        h.Lost.Remove("ovh-sbg");
        await h.TickAsync(20);
        h.State().NeedsReprotect.Should().BeEmpty();

        h.Burn("ovh-rbx");
        await h.TickAsync(10);

        var second = (await h.Journal.ListOperationsAsync(activeOnly: true, None)).Single(o => o.Kind == OperationKind.Failover);
        second.Status.Should().Be(OperationStatus.AwaitingApproval, "the decider asked for a human: flap damping");
        second.Plan.ApprovalWhy.Should().Contain("flap damping");
        h.State().PrimarySiteId.Should().Be("ovh-rbx");
        h.World.Promotions.Should().HaveCount(1, "nothing ran unattended");

        (await h.Engine.ApproveAsync(second.Id, "bob", None)).Accepted.Should().BeTrue();
        await h.TickAsync(10);

        (await h.OperationAsync(second.Id)).Status.Should().Be(OperationStatus.Succeeded);
        h.State().PrimarySiteId.Should().Be(second.Plan.TargetSiteId);
        h.WritablePrimaries().Should().Be(1);
    }

    [Fact]
    public async Task LossRightAfterAPlannedSwitchover_FailsOverOnItsOwn_FlapDampingCountsOnlyFailovers()
    {
        using var h = new EngineHarness();
        await h.TickAsync(3);
        var switchover = await h.Engine.RequestAsync(new OperationRequest("ent-1", OperationKind.Switchover, "ovh-rbx", "alice", "planned"), None);
        await h.TickAsync(20);
        (await h.OperationAsync(switchover.OperationId!)).Status.Should().Be(OperationStatus.Succeeded);
        h.State().NeedsReprotect.Should().BeEmpty();

        h.Burn("ovh-rbx");
        await h.TickAsync(10);

        var failover = (await h.Journal.ListOperationsAsync(activeOnly: false, None)).Single(o => o.Kind == OperationKind.Failover);
        failover.Plan.ApprovalRequired.Should().BeFalse(failover.Plan.ApprovalWhy);
        failover.Status.Should().Be(OperationStatus.Succeeded, "a planned switchover a minute ago is no flapping");
        h.State().PrimarySiteId.Should().NotBe("ovh-rbx");
        h.WritablePrimaries().Should().Be(1);
    }
}
