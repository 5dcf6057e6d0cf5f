using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Core.Tests.Replication;

public class MemberObservationTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 6, 8, 0, 0, TimeSpan.Zero);

    private static readonly DatabaseMember Member =
        new("ent-1", "ovh-rbx", new HostEndpoint("127.0.0.1", 5432), "ent", "failover", new SecretReference(SecretSource.Environment, "PG"));

    [Fact]
    public void Unreachable_ReadsAsNothingKnownButWhy()
    {
        var seen = MemberObservation.Unreachable(Member, Now, ReplicationFailure.Timeout, "the server did not answer in time");

        seen.Should().BeEquivalentTo(new
        {
            Reachable = false, Failure = ReplicationFailure.Timeout, FailureDetail = "the server did not answer in time", Role = DatabaseRole.Unknown,
            SystemIdentifier = (ulong?)null, Timeline = (int?)null, CurrentLsn = (Lsn?)null, ReplayLsn = (Lsn?)null, Fenced = false, Epoch = (Epoch?)null,
        });
        seen.Replicas.Should().BeEmpty();
        seen.Slots.Should().BeEmpty();
    }

    [Fact]
    public void Unreachable_WithoutAFailure_IsRefused()
    {
        var act = () => MemberObservation.Unreachable(Member, Now, ReplicationFailure.None, null);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void PrimaryAndStandby_ReadThroughTheirParts()
    {
        var slot = new SlotObservation("standby1", true, new Lsn(0x2000));
        var primary = MemberObservation.Primary(Member, Now, 42, 3, new Lsn(0x3000), new ControlMarks(false, new Epoch(3)), new Downstream([], [slot]));
        var standby = MemberObservation.Standby(
            Member, Now, 42, 3, WalPositions.OfStandby(new Lsn(0x2800), new Lsn(0x2000), Now, receiverStreaming: true), new ControlMarks(true, new Epoch(2)), [slot]);

        primary.Should().BeEquivalentTo(new
        {
            Reachable = true, Failure = ReplicationFailure.None, Role = DatabaseRole.Primary, SystemIdentifier = (ulong?)42, Timeline = (int?)3,
            CurrentLsn = (Lsn?)new Lsn(0x3000), ReceiveLsn = (Lsn?)null, ReplayLsn = (Lsn?)null, WalReceiverStreaming = false, Fenced = false, Epoch = (Epoch?)new Epoch(3),
        });
        primary.Slots.Should().ContainSingle().Which.Should().Be(slot);
        standby.Should().BeEquivalentTo(new
        {
            Reachable = true, Role = DatabaseRole.Standby, CurrentLsn = (Lsn?)null, ReceiveLsn = (Lsn?)new Lsn(0x2800), ReplayLsn = (Lsn?)new Lsn(0x2000),
            LastReplayedCommitAt = (DateTimeOffset?)Now, WalReceiverStreaming = true, Fenced = true, Epoch = (Epoch?)new Epoch(2),
        });
        standby.Replicas.Should().BeEmpty("replicas are read on a primary only");
    }
}
