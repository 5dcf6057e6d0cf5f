using Failover.Core.Agents;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Core.Topology;
using Failover.Simulation;
using Failover.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Failover.Core.Tests.Agents;

/// <summary>The renewer grants the journaled primary only while this instance leads and its site is not suspected.</summary>
public class LeaseRenewerTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 10, 1, 0, 0, TimeSpan.Zero));
    private readonly Estate _estate = SimEstate.Build(1);
    private readonly ScriptedSiteAgents _agents = new();

    public LeaseRenewerTests() => _agents.Covered.UnionWith(SimEstate.SiteIds);

    private EngineSnapshot Journaled => new([ServiceState.Initial(_estate.Service("ent-1"))], []);

    [Fact]
    public async Task HealthyPrimary_IsGrantedAtTheServiceEpoch_AndTheSendIsRecordedBeforeTheCall()
    {
        var ledger = new LeaseLedger(_estate, _time);
        _agents.OnGrant = (_, _) => ledger.SinceLastGrant("ent-1", "ovh-sbg").Should().NotBeNull("the send is recorded before the agent can receive it");
        var renewer = new LeaseRenewer(_estate, _agents, StaticLeadership.Always("cp-1"));

        var granted = await renewer.RenewAsync(ledger, Journaled, Verdicts(HealthState.Healthy), None);

        granted.Should().Equal([("ent-1", "ovh-sbg")]);
        var (member, grant) = _agents.Grants.Single();
        member.SiteId.Should().Be("ovh-sbg");
        grant.Should().Be(new LeaseGrant(Epoch.Initial, LeasePolicy.Default.Ttl, Primary: true, "cp-1"));
        renewer.Interval.Should().Be(TimeSpan.FromSeconds(1), "TTL 3 s / 3");
    }

    [Theory]
    [InlineData(HealthState.Suspect)]
    [InlineData(HealthState.Down)]
    [InlineData(HealthState.Lost)]
    public async Task SuspectedSite_IsNotGranted_SoItsLeaseRunsOut(HealthState state)
    {
        var ledger = new LeaseLedger(_estate, _time);
        var renewer = new LeaseRenewer(_estate, _agents, StaticLeadership.Always("cp-1"));
        await renewer.RenewAsync(ledger, Journaled, Verdicts(HealthState.Healthy), None);

        _time.Advance(TimeSpan.FromSeconds(1));
        var granted = await renewer.RenewAsync(ledger, Journaled, Verdicts(state), None);

        granted.Should().BeEmpty();
        _agents.Grants.Should().HaveCount(1, "renewal stops the moment the site is suspected");
        _time.Advance(TimeSpan.FromSeconds(3));
        ledger.IsExpired("ent-1", "ovh-sbg").Should().BeTrue("4 s after the last send, with no renewal");
    }

    [Fact]
    public async Task SuspectSiteWhoseAgentSaidFenced_KeepsBeingGranted_SoAFencedStartCanUnfence()
    {
        _agents.Reply = (member, epoch) => AgentReply.Answered(ScriptedSiteAgents.Status(member, epoch, fenced: true));
        var ledger = new LeaseLedger(_estate, _time);
        var renewer = new LeaseRenewer(_estate, _agents, StaticLeadership.Always("cp-1"));
        await renewer.RenewAsync(ledger, Journaled, Verdicts(HealthState.Healthy), None);

        var granted = await renewer.RenewAsync(ledger, Journaled, Verdicts(HealthState.Suspect), None);

        granted.Should().Equal([("ent-1", "ovh-sbg")]);
        renewer.LastReply("ent-1", "ovh-sbg")!.Status!.Fenced.Should().BeTrue();

        _agents.Reply = (member, epoch) => AgentReply.Answered(ScriptedSiteAgents.Status(member, epoch, fenced: false));
        await renewer.RenewAsync(ledger, Journaled, Verdicts(HealthState.Suspect), None);
        (await renewer.RenewAsync(ledger, Journaled, Verdicts(HealthState.Suspect), None)).Should().BeEmpty("unfenced and still Suspect: a real suspicion");
        (await renewer.RenewAsync(ledger, Journaled, Verdicts(HealthState.Down), None)).Should().BeEmpty();
    }

    [Fact]
    public async Task SuspectSiteWhoseAgentDoesNotAnswer_IsNotGranted()
    {
        var ledger = new LeaseLedger(_estate, _time);
        var renewer = new LeaseRenewer(_estate, _agents, StaticLeadership.Always("cp-1"));
        await renewer.RenewAsync(ledger, Journaled, Verdicts(HealthState.Healthy), None);
        _agents.Reply = (_, _) => AgentReply.Failed(AgentFailure.Timeout, "no answer within 1 s");
        _time.Advance(TimeSpan.FromSeconds(1));

        (await renewer.RenewAsync(ledger, Journaled, Verdicts(HealthState.Suspect), None)).Should().BeEmpty("a silent agent at a suspect site may be cut off: its lease runs out");
        ledger.SinceLastGrant("ent-1", "ovh-sbg").Should().Be(TimeSpan.FromSeconds(1), "asking its status is no grant");
        renewer.LastReply("ent-1", "ovh-sbg")!.Failure.Should().Be(AgentFailure.Timeout);
    }

    [Fact]
    public async Task FlappingSite_IsNotGranted_WhileItsAgentSaysTheMemberWrites()
    {
        var ledger = new LeaseLedger(_estate, _time);
        var renewer = new LeaseRenewer(_estate, _agents, StaticLeadership.Always("cp-1"));
        await renewer.RenewAsync(ledger, Journaled, Verdicts(HealthState.Healthy), None);

        (await renewer.RenewAsync(ledger, Journaled, Verdicts(HealthState.Flapping), None)).Should().BeEmpty("an oscillating site is no healthier than a suspect one");
        _agents.Grants.Should().ContainSingle("only the healthy round granted");
    }

    [Fact]
    public async Task SuspectSiteNeverGrantedThisTerm_IsNotGranted()
    {
        var renewer = new LeaseRenewer(_estate, _agents, StaticLeadership.Always("cp-1"));

        (await renewer.RenewAsync(new LeaseLedger(_estate, _time), Journaled, Verdicts(HealthState.Suspect), None)).Should().BeEmpty();
    }

    [Fact]
    public async Task SuspectSiteWhoseAgentStartedFenced_IsGranted_EvenBeforeAnyGrantThisTerm()
    {
        // The site looks Suspect from the first probe because its agent started the member fenced: without a grant it
        // would never become healthy, and without a healthy site it would never be granted.
        _agents.Reply = (member, epoch) => AgentReply.Answered(ScriptedSiteAgents.Status(member, epoch, fenced: true));
        var renewer = new LeaseRenewer(_estate, _agents, StaticLeadership.Always("cp-1"));

        (await renewer.RenewAsync(new LeaseLedger(_estate, _time), Journaled, Verdicts(HealthState.Suspect), None)).Should().Equal([("ent-1", "ovh-sbg")]);
        _agents.Grants.Should().ContainSingle();
    }

    [Fact]
    public async Task Follower_GrantsNothing()
    {
        var ledger = new LeaseLedger(_estate, _time);
        var renewer = new LeaseRenewer(_estate, _agents, StaticLeadership.Never("cp-2", "cp-1"));

        (await renewer.RenewAsync(ledger, Journaled, Verdicts(HealthState.Healthy), None)).Should().BeEmpty();

        _agents.Grants.Should().BeEmpty();
        ledger.SinceLastGrant("ent-1", "ovh-sbg").Should().BeNull();
    }

    [Fact]
    public async Task PrimaryWithoutAgent_OrNotYetJudged_IsNotGranted()
    {
        var renewer = new LeaseRenewer(_estate, new ScriptedSiteAgents(), StaticLeadership.Always("cp-1"));
        (await renewer.RenewAsync(new LeaseLedger(_estate, _time), Journaled, Verdicts(HealthState.Healthy), None)).Should().BeEmpty();

        var covered = new LeaseRenewer(_estate, _agents, StaticLeadership.Always("cp-1"));
        (await covered.RenewAsync(new LeaseLedger(_estate, _time), Journaled, new Dictionary<string, SiteVerdict>(), None)).Should().BeEmpty();
    }

    private static Dictionary<string, SiteVerdict> Verdicts(HealthState primary) => SimEstate.SiteIds.ToDictionary(
        s => s,
        s => new SiteVerdict(s, s == "ovh-sbg" ? primary : HealthState.Healthy, DateTimeOffset.UnixEpoch, TimeSpan.Zero, s == "ovh-sbg" && primary == HealthState.Lost, null,
            new VerdictEvidence([], ["obs-a", "obs-b", "obs-c"], new Dictionary<string, string>(), new Dictionary<string, string>())),
        StringComparer.Ordinal);
}
