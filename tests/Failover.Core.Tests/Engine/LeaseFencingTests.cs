using Failover.Core.Agents;
using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Testing;

namespace Failover.Core.Tests.Engine;

/// <summary>
/// An unreachable old primary counts as fenced only by proof: its agent's lease ran out (this term's last grant + TTL +
/// margin, never counted from a verdict), or — without an agent — a sync standby target or a human's word.
/// </summary>
public class LeaseFencingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CoveredPrimaryBurned_FenceWaitsExactlyUntilLastGrantPlusTtlAndMargin_NotFromTheVerdict()
    {
        using var h = new EngineHarness();
        await h.TickAsync(5); // the renewer's last grant to ovh-sbg goes out at t=5
        var lastGrant = h.Time.GetUtcNow();
        h.Burn("ovh-sbg", secondsAgo: 3600); // Lost for an hour as far as the verdict says

        await h.TickAsync(3);

        var op = (await h.Journal.ListOperationsAsync(activeOnly: true, None)).Single();
        op.Progress.NextStep.Should().Be(1, "t=8 is 3 s after the last grant: the lease may still hold");
        h.World.Promotions.Should().BeEmpty();

        await h.TickAsync();

        var entries = await h.EntriesAsync(op.Id);
        var fenced = entries.Single(e => e.Kind == JournalEntryKind.StepSucceeded && e.Step == "fence-others");
        fenced.At.Should().Be(lastGrant + TimeSpan.FromSeconds(4), "last grant + TTL 3 s + margin 1 s");
        fenced.Detail.Should().Contain("lease ran out").And.Contain("last grant sent 4.0 s ago").And.Contain("waited");
        entries.Count(e => e.Kind == JournalEntryKind.StepRetry && e.Step == "fence-others").Should().Be(3);
        (await h.OperationAsync(op.Id)).Status.Should().Be(OperationStatus.Succeeded);
        h.WritablePrimaries().Should().Be(1);
    }

    [Fact]
    public async Task CoveredPrimaryBlackHoled_FenceOthersAsksNeitherTheMemberNorItsAgentAgain_AndFencesWhenTheLeaseRunsOut()
    {
        SilentReplication? replication = null;
        ScriptedSiteAgents? agents = null;
        using var h = new EngineHarness(wrapReplication: inner => replication = new SilentReplication(inner), wrapAgents: inner => agents = new ScriptedSiteAgents(inner));
        await h.TickAsync(5);
        var lastGrant = h.Time.GetUtcNow();
        h.Burn("ovh-sbg");
        await h.TickAsync(); // observed unreachable once; the failover starts and fence-others waits for the lease
        var op = (await h.Journal.ListOperationsAsync(activeOnly: true, None)).Single();
        replication!.Silent["ovh-sbg"] = true; // from now on a call to it would hang: the harness's clock stands still during a tick
        var asked = replication.AskedOf("ovh-sbg");
        var fences = agents!.Fences.Count(f => f.Member.SiteId == "ovh-sbg");

        await h.TickAsync(3).WaitAsync(TimeSpan.FromSeconds(10));

        replication.AskedOf("ovh-sbg").Should().Be(asked, "a member of a Lost site that did not answer is not asked again");
        agents.Fences.Count(f => f.Member.SiteId == "ovh-sbg").Should().Be(fences, "its agent is behind the same cut");
        var entries = await h.EntriesAsync(op.Id);
        entries.Should().Contain(e => e.Kind == JournalEntryKind.StepRetry && e.Step == "fence-others" && e.Detail.Contains("its site is cut off and its lease may hold", StringComparison.Ordinal));
        entries.Single(e => e.Kind == JournalEntryKind.StepSucceeded && e.Step == "fence-others").At.Should().Be(lastGrant + TimeSpan.FromSeconds(4));
        (await h.OperationAsync(op.Id)).Status.Should().Be(OperationStatus.Succeeded);
        h.WritablePrimaries().Should().Be(1);
    }

    [Fact]
    public async Task UncoveredPrimaryCutOff_IsNeverFencedByWaiting_TheStepRetriesStatingTheRisk()
    {
        using var h = new EngineHarness(agents: false, options: new EngineOptions { MaxStepsPerTick = 1, OperationTimeout = TimeSpan.FromMinutes(10) });
        await h.TickAsync(3);
        h.Lost.Add("ovh-sbg");
        h.LostSince = h.Time.GetUtcNow() - TimeSpan.FromSeconds(30);
        var decided = await h.TickAsync(); // the engine still reached ovh-sbg when it planned: no approval asked
        var id = decided.Decisions.Single().OperationId!;
        h.World.EngineCut["ovh-sbg"] = EngineHarness.Start.AddHours(1);

        await h.TickAsync(120);

        var op = await h.OperationAsync(id);
        op.Status.Should().Be(OperationStatus.Running);
        op.Progress.NextStep.Should().Be(1);
        (await h.EntriesAsync(id)).Last(e => e.Kind == JournalEntryKind.StepRetry).Detail
            .Should().Contain("ovh-sbg has no agent and is unreachable: it may still be writing");
        h.World.Promotions.Should().BeEmpty("waiting alone never proves a member without an agent fenced");
        h.World.Databases[("ent-1", "ovh-sbg")].Writable.Should().BeTrue("nothing fenced it: it may really still be writing");
    }

    [Fact]
    public async Task UncoveredPrimaryLost_AutomaticFailoverAsksAHuman_AndRunsOnceApproved()
    {
        using var h = new EngineHarness(agents: false);
        await h.TickAsync(3);
        h.Burn("ovh-sbg");

        await h.TickAsync(30);
        var id = (await h.Journal.ListOperationsAsync(activeOnly: true, None)).Single().Id;
        var waiting = await h.OperationAsync(id);
        waiting.Status.Should().Be(OperationStatus.AwaitingApproval);
        waiting.Plan.ApprovalWhy.Should().Contain("no site agent");
        (await h.EntriesAsync(id)).Should().Contain(e => e.Detail.Contains("ovh-sbg has no agent and is unreachable: it may still be writing", StringComparison.Ordinal), "the plan's warnings are journaled with it");
        h.World.Promotions.Should().BeEmpty();

        (await h.Engine.ApproveAsync(id, "bob", None)).Accepted.Should().BeTrue();
        await h.TickAsync(3);

        (await h.OperationAsync(id)).Status.Should().Be(OperationStatus.Succeeded);
        (await h.EntriesAsync(id)).Single(e => e.Kind == JournalEntryKind.StepSucceeded && e.Step == "fence-others").Detail.Should().Contain("bob approved");
    }

    [Fact]
    public async Task UncoveredPrimaryLost_WithSynchronousReplicationToTheTarget_FailsOverWithoutAHuman()
    {
        using var h = new EngineHarness(agents: false, estate: Synchronous);
        await h.TickAsync(3);
        h.Burn("ovh-sbg");

        await h.TickAsync(3);

        var op = (await h.Journal.ListOperationsAsync(activeOnly: false, None)).Single(o => o.Kind == OperationKind.Failover);
        op.Plan.ApprovalRequired.Should().BeFalse();
        op.Status.Should().Be(OperationStatus.Succeeded);
        (await h.EntriesAsync(op.Id)).Single(e => e.Kind == JournalEntryKind.StepSucceeded && e.Step == "fence-others").Detail
            .Should().Contain($"replication is synchronous and {op.Plan.TargetSiteId} was its sync standby");
    }

    [Fact]
    public async Task Promote_GrantsTheTargetsLeaseBeforePromoting_AndRetriesWhileItsAgentRefuses()
    {
        ScriptedSiteAgents? agents = null;
        using var h = new EngineHarness(wrapAgents: inner => agents = new ScriptedSiteAgents(inner));
        var roleAtGrant = new List<(string Site, Epoch Epoch, DatabaseRole Role)>();
        agents!.OnGrant = (member, grant) => roleAtGrant.Add((member.SiteId, grant.Epoch, h.World.Databases[(member.ServiceId, member.SiteId)].Role));
        await h.TickAsync(2);
        agents.Refusing.Add("ovh-rbx");
        h.Burn("ovh-sbg");

        await h.TickAsync(10);

        var op = (await h.Journal.ListOperationsAsync(activeOnly: true, None)).Single();
        op.Plan.TargetSiteId.Should().Be("ovh-rbx");
        (await h.EntriesAsync(op.Id)).Should().Contain(e => e.Kind == JournalEntryKind.StepRetry && e.Step == "promote-target" && e.Detail.Contains("not promoting a member its agent would fence", StringComparison.Ordinal));
        h.World.Promotions.Should().BeEmpty();

        agents.Refusing.Clear();
        await h.TickAsync();

        (await h.OperationAsync(op.Id)).Status.Should().Be(OperationStatus.Succeeded);
        roleAtGrant.Should().Contain(("ovh-rbx", new Epoch(2), DatabaseRole.Standby), "the new epoch's lease reaches the target while it is still a standby");
        h.World.Databases[("ent-1", "ovh-rbx")].Writable.Should().BeTrue();
        await h.TickAsync(10);
        h.World.Databases[("ent-1", "ovh-rbx")].Writable.Should().BeTrue("the renewer keeps the new primary's lease");
        h.WritablePrimaries().Should().Be(1);
    }

    [Fact]
    public async Task Switchover_RenewsTheOldPrimaryUntilTheHandover_GrantsTheTargetFirst_AndKeepsItsLeaseAfterwards()
    {
        ScriptedSiteAgents? agents = null;
        // One step per second and a 2 s TTL: the switchover reaches its database step after the TTL, so the old primary
        // must be renewed throughout or its agent fences it halfway.
        using var h = new EngineHarness(
            options: new EngineOptions { MaxStepsPerTick = 1, OperationTimeout = TimeSpan.FromMinutes(2) },
            estate: e => e with { Policies = e.Policies.Select(p => p with { Lease = new LeasePolicy(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)) }).ToList() },
            wrapAgents: inner => agents = new ScriptedSiteAgents(inner));
        var roleAtGrant = new List<(string Site, Epoch Epoch, DatabaseRole Role)>();
        string? oldPrimaryWhenTargetGranted = "not granted";
        agents!.OnGrant = (member, grant) =>
        {
            roleAtGrant.Add((member.SiteId, grant.Epoch, h.World.Databases[(member.ServiceId, member.SiteId)].Role));
            if (member.SiteId == "ovh-rbx" && oldPrimaryWhenTargetGranted == "not granted")
            {
                oldPrimaryWhenTargetGranted = h.World.Databases[("ent-1", "ovh-sbg")].FencedBy;
            }
        };
        await h.TickAsync(3);

        var request = await h.Engine.RequestAsync(new OperationRequest("ent-1", OperationKind.Switchover, "ovh-rbx", "alice", "planned"), None);
        await h.TickAsync(15);

        (await h.OperationAsync(request.OperationId!)).Status.Should().Be(OperationStatus.Succeeded);
        roleAtGrant.Should().Contain(("ovh-rbx", new Epoch(2), DatabaseRole.Standby));
        oldPrimaryWhenTargetGranted.Should().BeNull("the old primary's lease held, unfenced, until the database step");
        h.World.Databases[("ent-1", "ovh-rbx")].Writable.Should().BeTrue();
        h.WritablePrimaries().Should().Be(1);
    }

    [Fact]
    public async Task Switchover_GrantsTheTargetAgainOnceTheOldPrimaryIsFenced_SoACatchUpLongerThanTheTtlLeavesItALeaseToPromoteUnder()
    {
        ScriptedSiteAgents? agents = null;
        using var h = new EngineHarness(wrapAgents: inner => agents = new ScriptedSiteAgents(inner));
        var targetGrants = new List<(string? OldPrimaryFencedBy, DatabaseRole TargetRole)>();
        agents!.OnGrant = (member, grant) =>
        {
            if (member.SiteId == "ovh-rbx" && grant.Epoch == new Epoch(2))
            {
                targetGrants.Add((h.World.Databases[("ent-1", "ovh-sbg")].FencedBy, h.World.Databases[("ent-1", "ovh-rbx")].Role));
            }
        };
        await h.TickAsync(3);

        var request = await h.Engine.RequestAsync(new OperationRequest("ent-1", OperationKind.Switchover, "ovh-rbx", "alice", "planned"), None);
        await h.TickAsync(10);

        (await h.OperationAsync(request.OperationId!)).Status.Should().Be(OperationStatus.Succeeded);
        targetGrants.Should().Contain(("switchover", DatabaseRole.Standby),
            "the lease the target is promoted under runs from after the catch-up, not from the start of the step");
        h.WritablePrimaries().Should().Be(1);
    }

    private static Estate Synchronous(Estate estate) => estate with
    {
        Services = estate.Services.Select(s => s with { Database = s.Database with { Replication = ReplicationMode.Sync } }).ToList(),
    };
}
