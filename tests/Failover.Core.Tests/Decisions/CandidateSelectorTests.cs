using Failover.Core.Decisions;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Core.Tests.Decisions;

public class CandidateSelectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 6, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ReplicationMode.Sync, "scw-par", "most advanced")]
    [InlineData(ReplicationMode.Async, "ovh-rbx", "preference #1")]
    public void Choose_SecondStandbyMoreAdvanced_SyncTakesTheMostAdvancedAsyncKeepsPreference(ReplicationMode mode, string expected, string why)
    {
        var service = Service(mode);
        var observations = new ObservationCache();
        observations.Record(Primary("ovh-sbg", 10_000, mode == ReplicationMode.Sync ? "quorum" : "async"), "ovh-sbg");
        observations.Record(Standby("ovh-rbx", 9_000), "ovh-sbg");
        observations.Record(Standby("scw-par", 10_000), "ovh-sbg");

        var choice = CandidateSelector.Choose(service, Policy, ServiceState.Initial(service), Healthy("ovh-rbx", "scw-par"), observations);

        choice.SiteId.Should().Be(expected, because: "with sync ANY 1 an acknowledged commit may exist on one standby only");
        choice.Why.Should().Contain(why);
    }

    private static Service Service(ReplicationMode mode) => new(
        "ent-1", "ENT", "ovh-sbg", ["ovh-rbx", "scw-par"], "default", 1,
        new DatabaseSpec("ent", "failover", new SecretReference(SecretSource.Environment, "PG"), mode, new RpoBudget(mode == ReplicationMode.Async ? 16L << 20 : null, null)),
        new HealthSpec(null), [], new TrafficSpec("edge", "ent.example.", TimeSpan.FromSeconds(30)), new ServiceTargets(TimeSpan.FromMinutes(1), TimeSpan.Zero));

    private static Dictionary<string, SiteVerdict> Healthy(params string[] sites) => sites.ToDictionary(
        s => s,
        s => new SiteVerdict(s, HealthState.Healthy, Now, TimeSpan.Zero, true, null, new VerdictEvidence([], [], new Dictionary<string, string>(), new Dictionary<string, string>())));

    private static readonly string[] Standbys = ["ovh-rbx", "scw-par"];

    private static readonly Policy Policy = new(
        "default", true, new DetectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, 3, 2), new QuorumPolicy(null), TimeSpan.FromMinutes(30), 0.5,
        new ApprovalPolicy(true, TimeSpan.FromMinutes(15), false));

    private static MemberObservation Primary(string site, ulong current, string syncState) =>
        MemberObservation.Primary(Member(site), Now, 42, 1, new Lsn(current), new ControlMarks(false, Core.Epoch.Initial), new Downstream(
            Standbys.Select(s => new ReplicaObservation(s.Replace('-', '_'), null, "streaming", syncState, new ReplicaPositions(Lsn.Zero, Lsn.Zero, Lsn.Zero, null, 0))).ToList(),
            []));

    private static MemberObservation Standby(string site, ulong replay) => MemberObservation.Standby(
        Member(site), Now, 42, 1, WalPositions.OfStandby(new Lsn(replay), new Lsn(replay), Now, receiverStreaming: true), new ControlMarks(false, Core.Epoch.Initial), []);

    private static DatabaseMember Member(string site) =>
        new("ent-1", site, new HostEndpoint("127.0.0.1", 5432), "ent", "failover", new SecretReference(SecretSource.Environment, "PG"));
}
