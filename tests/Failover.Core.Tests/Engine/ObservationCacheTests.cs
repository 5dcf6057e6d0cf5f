using Failover.Core.Agents;
using Failover.Core.Decisions;
using Failover.Core.Engine;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Core.Tests.Engine;

public class ObservationCacheTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 6, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Report_FresherThanTheLastObservation_IsThePrimarysEvidence()
    {
        var cache = new ObservationCache();
        cache.Record(Primary(T0, 10_000), "ovh-sbg");

        cache.Report(AgentPrimary(T0.AddSeconds(20), 50_000, new AgentReplicaView("ovh_rbx", "sync", new Lsn(50_000), new Lsn(40_000))), T0.AddSeconds(20));

        var evidence = cache.PrimaryPosition("ent-1", "ovh-sbg")!;
        evidence.Lsn.Should().Be(new Lsn(50_000));
        evidence.ObservedAt.Should().Be(T0.AddSeconds(20));
        evidence.Source.Should().Be("its agent's report");
        evidence.ReplicaOf("ovh-rbx")!.Synchronous.Should().BeTrue();
    }

    [Fact]
    public void Report_FromAnAgentWhoseClockRunsAhead_IsStampedWhenReceived()
    {
        var cache = new ObservationCache();

        cache.Report(AgentPrimary(T0.AddMinutes(5), 50_000), receivedAt: T0);

        cache.PrimaryPosition("ent-1", "ovh-sbg")!.ObservedAt.Should().Be(T0, "an agent's clock must not make old evidence look fresh");
    }

    [Fact]
    public void Standby_AcknowledgedPosition_IsTheHighestFlushFromAnySource()
    {
        var cache = new ObservationCache();
        cache.Record(Standby(T0, receive: 9_000, replay: 8_000), "ovh-sbg");
        cache.Record(Primary(T0.AddSeconds(1), 12_000, new ReplicaObservation("ovh_rbx", null, "streaming", "async", new ReplicaPositions(new Lsn(11_000), new Lsn(11_000), new Lsn(8_000), null, 0))), "ovh-sbg");

        var standby = cache.Standby("ent-1", "ovh-rbx", "ovh-sbg");

        standby.Acknowledged.Should().Be(new Lsn(11_000), "the primary saw it flush further than its own last observation");
        standby.LastStreamingAt.Should().Be(T0.AddSeconds(1));
        standby.CaughtUpAt.Should().BeNull("it never flushed all the primary had written");
    }

    [Fact]
    public void Standby_TrailsOfAnOlderPrimary_AreForgottenWhenThePrimaryChanges()
    {
        var cache = new ObservationCache();
        cache.Record(Primary(T0, 10_000), "ovh-sbg");
        cache.Record(Standby(T0, receive: 10_000, replay: 10_000), "ovh-sbg");
        cache.Standby("ent-1", "ovh-rbx", "ovh-sbg").CaughtUpAt.Should().Be(T0);

        cache.Record(Standby(T0.AddSeconds(1), receive: 10_000, replay: 10_000, streaming: false), "scw-par");

        cache.Standby("ent-1", "ovh-rbx", "scw-par").CaughtUpAt.Should().BeNull("caught up with the old primary says nothing about the new one");
    }

    [Fact]
    public void Quote_SyncStandbyThatStoppedStreamingLongBeforeAnother_IsBeyondTheDefaultSyncBudget()
    {
        var cache = new ObservationCache();
        cache.Record(Primary(T0, 1_000, Row("ovh_rbx", "sync", 1_000), Row("scw_par", "sync", 1_000)), "ovh-sbg");
        cache.Record(Standby(T0, 1_000, 1_000), "ovh-sbg");
        cache.Record(Standby(T0, 1_000, 1_000, site: "scw-par"), "ovh-sbg");

        // The primary goes dark to the engine; scw-par streams on for 30 s more, ovh-rbx stopped at once.
        cache.Record(MemberObservation.Unreachable(Member("ovh-sbg"), T0.AddSeconds(30), ReplicationFailure.Timeout, "cut"), "ovh-sbg");
        cache.Record(Standby(T0.AddSeconds(30), 1_000, 1_000, streaming: false), "ovh-sbg");
        cache.Record(Standby(T0.AddSeconds(30), 5_000, 5_000, site: "scw-par"), "ovh-sbg");

        var quote = DataLossQuoter.Quote(SyncService, Policy, "ovh-sbg", "ovh-rbx", cache);

        quote.LagTime.Should().Be(TimeSpan.FromSeconds(30));
        quote.LagBytes.Should().Be(4_000, "scw-par flushed further: the primary reached that position");
        quote.WithinBudget.Should().BeFalse("it stopped streaming 30 s before the primary was last known to send WAL, beyond the 10 s default");
        DataLossQuoter.Quote(SyncService, Policy, "ovh-sbg", "scw-par", cache).WithinBudget.Should().BeTrue();
    }

    private static readonly Policy Policy = new(
        "default", true, new DetectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, 3, 2), new QuorumPolicy(null), TimeSpan.FromMinutes(30), 0.5,
        new ApprovalPolicy(true, TimeSpan.FromMinutes(15), false));

    private static readonly Service SyncService = new(
        "ent-1", "ENT", "ovh-sbg", ["ovh-rbx", "scw-par"], "default", 1,
        new DatabaseSpec("ent", "failover", new SecretReference(SecretSource.Environment, "PG"), ReplicationMode.Sync, new RpoBudget(null, null)),
        new HealthSpec(null), [], new TrafficSpec("edge", "ent.example.", TimeSpan.FromSeconds(30)), new ServiceTargets(TimeSpan.FromMinutes(1), TimeSpan.Zero));

    private static ReplicaObservation Row(string name, string syncState, ulong flush) =>
        new(name, null, "streaming", syncState, new ReplicaPositions(new Lsn(flush), new Lsn(flush), new Lsn(flush), null, 0));

    private static MemberObservation Primary(DateTimeOffset at, ulong current, params ReplicaObservation[] replicas) =>
        MemberObservation.Primary(Member("ovh-sbg"), at, 42, 1, new Lsn(current), ControlMarks.None, new Downstream(replicas, []));

    private static MemberObservation Standby(DateTimeOffset at, ulong receive, ulong replay, bool streaming = true, string site = "ovh-rbx") => MemberObservation.Standby(
        Member(site), at, 42, 1, WalPositions.OfStandby(new Lsn(receive), new Lsn(replay), null, streaming), ControlMarks.None, []);

    private static AgentStatus AgentPrimary(DateTimeOffset reportedAt, ulong current, params AgentReplicaView[] replicas) => new(
        "ent-1", "ovh-sbg", Epoch.Initial, null, false, true,
        new AgentMemberView(DatabaseRole.Primary, 1, new Lsn(current), null, new Lsn(current), null, false, replicas), [], reportedAt);

    private static DatabaseMember Member(string site) =>
        new("ent-1", site, new HostEndpoint("127.0.0.1", 5432), "ent", "failover", new SecretReference(SecretSource.Environment, "PG"));
}
