using Failover.Core.Agents;
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

    private static MemberObservation Primary(DateTimeOffset at, ulong current, params ReplicaObservation[] replicas) =>
        MemberObservation.Primary(Member("ovh-sbg"), at, 42, 1, new Lsn(current), ControlMarks.None, new Downstream(replicas, []));

    private static MemberObservation Standby(DateTimeOffset at, ulong receive, ulong replay, bool streaming = true) => MemberObservation.Standby(
        Member("ovh-rbx"), at, 42, 1, WalPositions.OfStandby(new Lsn(receive), new Lsn(replay), null, streaming), ControlMarks.None, []);

    private static AgentStatus AgentPrimary(DateTimeOffset reportedAt, ulong current, params AgentReplicaView[] replicas) => new(
        "ent-1", "ovh-sbg", Epoch.Initial, null, false, true,
        new AgentMemberView(DatabaseRole.Primary, 1, new Lsn(current), null, new Lsn(current), null, false, replicas), [], reportedAt);

    private static DatabaseMember Member(string site) =>
        new("ent-1", site, new HostEndpoint("127.0.0.1", 5432), "ent", "failover", new SecretReference(SecretSource.Environment, "PG"));
}
