using Failover.Core.Operations;
using Failover.Testing;

namespace Failover.Core.Tests.Engine;

public class PlanPreviewTests
{
    [Fact]
    public async Task Preview_FailoverOfLostPrimary_ShowsStepsTargetQuoteAndDuration()
    {
        using var h = new EngineHarness();
        await h.TickAsync();
        h.Burn("ovh-sbg");

        var result = await h.Engine.PreviewAsync(new OperationRequest("ent-1", OperationKind.Failover, null, "alice", "fire"), CancellationToken.None);

        var plan = result.Plan!;
        plan.Steps.Select(s => s.Name).Should().Equal("bump-epoch", "fence-others", "deactivate-source", "promote-target", "activate-target", "switch-traffic", "verify");
        plan.Steps.Single(s => s.IsPointOfNoReturn).Name.Should().Be("promote-target");
        plan.TargetSiteId.Should().Be("ovh-rbx", "it is first in preference order and healthy");
        plan.TargetWhy.Should().Contain("preference #1");
        plan.Quote.WithinBudget.Should().BeTrue();
        plan.Quote.LagBytes.Should().NotBeNull();
        plan.ExpectedDuration.Should().BeGreaterThan(TimeSpan.FromSeconds(10));
        plan.NewEpoch.Should().Be(plan.CurrentEpoch.Next());
        plan.ApprovalRequired.Should().BeTrue("the policy has the two-person rule");
        h.State().Epoch.Should().Be(Epoch.Initial, "a preview acts on nothing");
        h.Engine.ActiveOperations.Should().BeEmpty();
    }

    [Fact]
    public async Task Preview_PreferredStandbyLagsBeyondBudget_ChoosesNextAndSaysWhy()
    {
        using var h = new EngineHarness();
        h.World.Databases[("ent-1", "ovh-sbg")].CurrentLsn = 10_000_000;
        h.World.Databases[("ent-1", "ovh-rbx")].ReplayLsn = 1_000;
        h.World.Databases[("ent-1", "scw-par")].ReplayLsn = 9_990_000;
        h.World.SlowReplication[("ent-1", "ovh-rbx")] = EngineHarness.Start.AddHours(1);
        h.World.SlowReplication[("ent-1", "scw-par")] = EngineHarness.Start.AddHours(1);
        h.World.Databases[("ent-1", "ovh-rbx")].ReplicationRate = 0;
        h.World.Databases[("ent-1", "scw-par")].ReplicationRate = 0;
        await h.TickAsync();

        var plan = (await h.Engine.PreviewAsync(new OperationRequest("ent-1", OperationKind.Failover, null, "alice", "test"), CancellationToken.None)).Plan!;

        plan.TargetSiteId.Should().Be("scw-par");
        plan.TargetWhy.Should().Contain("preference #2").And.Contain("within the RPO budget");
    }

    [Fact]
    public async Task Preview_NoStandbyWithinBudget_QuotesLossAndRequiresApproval()
    {
        using var h = new EngineHarness();
        h.World.Databases[("ent-1", "ovh-sbg")].CurrentLsn = 10_000_000;
        await h.TickAsync();
        h.Burn("ovh-sbg");

        var plan = (await h.Engine.PreviewAsync(new OperationRequest("ent-1", OperationKind.Failover, null, "alice", "test"), CancellationToken.None)).Plan!;

        plan.Quote.WithinBudget.Should().BeFalse();
        plan.Quote.LagBytes.Should().BeGreaterThan(256 * 1024);
        plan.TargetWhy.Should().Contain("least lag");
        plan.ApprovalWhy.Should().Contain("beyond the RPO budget");
    }

    [Fact]
    public async Task Preview_Switchover_IsZeroLoss()
    {
        using var h = new EngineHarness();
        await h.TickAsync();

        var plan = (await h.Engine.PreviewAsync(new OperationRequest("ent-1", OperationKind.Switchover, "scw-par", "alice", "maintenance"), CancellationToken.None)).Plan!;

        plan.Steps.Single(s => s.IsPointOfNoReturn).Name.Should().Be("switchover-database");
        plan.Quote.LagBytes.Should().Be(0);
        plan.Quote.WithinBudget.Should().BeTrue();
        plan.TargetSiteId.Should().Be("scw-par");
    }

    [Theory]
    [InlineData(OperationKind.Failback, null, "already the primary")]
    [InlineData(OperationKind.Unfence, "ovh-rbx", "only the committed primary")]
    [InlineData(OperationKind.Fence, null, "name the site")]
    [InlineData(OperationKind.Reprotect, "ovh-sbg", "non-primary site")]
    [InlineData(OperationKind.Drill, null, "no plan extension")]
    [InlineData(OperationKind.Switchover, "nowhere", "not a site of service")]
    public async Task Preview_InvalidRequest_IsRefusedWithReason(OperationKind kind, string? target, string reason)
    {
        using var h = new EngineHarness();
        await h.TickAsync();

        var result = await h.Engine.PreviewAsync(new OperationRequest("ent-1", kind, target, "alice", "test"), CancellationToken.None);

        result.IsRefused.Should().BeTrue();
        result.Refusal.Should().Contain(reason);
    }

    [Fact]
    public async Task Preview_ForceOnSwitchover_IsRefused()
    {
        using var h = new EngineHarness();
        await h.TickAsync();

        var result = await h.Engine.PreviewAsync(new OperationRequest("ent-1", OperationKind.Switchover, "ovh-rbx", "alice", "test", Force: true), CancellationToken.None);

        result.Refusal.Should().Contain("only a failover can be forced");
    }

    [Fact]
    public async Task Preview_DrillWithExtension_UsesItsSteps()
    {
        using var h = new EngineHarness(extensions: [new DrillExtension()]);
        await h.TickAsync();

        var plan = (await h.Engine.PreviewAsync(new OperationRequest("ent-1", OperationKind.Drill, "ovh-rbx", "alice", "quarterly drill"), CancellationToken.None)).Plan!;

        plan.Steps.Select(s => s.Name).Should().Equal("drill-check");
    }

    [Fact]
    public async Task Request_DrillWithExtension_RunsItsSteps()
    {
        using var h = new EngineHarness(extensions: [new DrillExtension()]);
        await h.TickAsync();

        var result = await h.Engine.RequestAsync(new OperationRequest("ent-1", OperationKind.Drill, "ovh-rbx", "alice", "quarterly drill"), CancellationToken.None);
        await h.TickAsync(2);

        (await h.OperationAsync(result.OperationId!)).Status.Should().Be(OperationStatus.Succeeded);
    }

    private sealed class DrillExtension : IPlanExtension
    {
        public OperationKind Kind => OperationKind.Drill;

        public IReadOnlyList<IOperationStep> Steps(OperationRequest request) => [new CheckStep()];

        private sealed class CheckStep : IOperationStep
        {
            public string Name => "drill-check";

            public string Description => "check the standby answers";

            public bool IsPointOfNoReturn => false;

            public TimeSpan ExpectedDuration => TimeSpan.FromSeconds(1);

            public string? CheckPrecondition(StepContext context) => null;

            public Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(StepOutcome.Done("ok"));
        }
    }
}
