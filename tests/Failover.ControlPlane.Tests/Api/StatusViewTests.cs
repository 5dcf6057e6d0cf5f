using System.Text.Json;
using System.Text.Json.Nodes;
using Failover.ControlPlane.Api;
using Failover.Core;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.ControlPlane.Tests.Api;

public sealed class StatusViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 0, 47, 0, TimeSpan.Zero);

    [Fact]
    public void ServiceStatus_OfObservedMembers_ShowsEachMemberUnderItsApiName()
    {
        var service = new Service(
            "ent-1", "ENT", "ovh-sbg", ["ovh-rbx", "scw-par", "hz-fsn"], "default", 1,
            new DatabaseSpec("ent", "failover", new SecretReference(SecretSource.Environment, "PG"), ReplicationMode.Async, new RpoBudget(null, null)),
            new HealthSpec(null), [], new TrafficSpec("edge", "ent.example.", TimeSpan.FromSeconds(30)), new ServiceTargets(TimeSpan.FromMinutes(1), TimeSpan.Zero));
        var observations = new Dictionary<(string, string), MemberObservation>
        {
            [("ent-1", "ovh-sbg")] = MemberObservation.Primary(Member("ovh-sbg"), Now, 42, 3, new Lsn(0x3000), new ControlMarks(false, new Epoch(3)), Downstream.None),
            [("ent-1", "ovh-rbx")] = MemberObservation.Standby(
                Member("ovh-rbx"), Now, 42, 3, WalPositions.OfStandby(new Lsn(0x2800), new Lsn(0x2000), Now.AddSeconds(-2.5), receiverStreaming: true),
                new ControlMarks(true, new Epoch(3)), []),
            [("ent-1", "scw-par")] = MemberObservation.Unreachable(Member("scw-par"), Now, ReplicationFailure.Timeout, "the server did not answer in time"),
        };

        var json = JsonSerializer.Serialize(
            ServiceStatus.From(service, ServiceState.Initial(service) with { Epoch = new Epoch(3) }, observations, [], Now, "ovh-sbg"), ApiJson.Options);

        const string Expected = """
            {
              "id": "ent-1", "displayName": "ENT", "primary": "ovh-sbg", "epoch": 3, "dnsName": "ent.example.", "router": "edge", "trafficTarget": "ovh-sbg",
              "members": [
                { "site": "ovh-sbg", "reachable": true, "role": "primary", "fenced": false, "lsn": "0/00003000" },
                { "site": "ovh-rbx", "reachable": true, "role": "standby", "lagBytes": 2048, "replayLagSeconds": 2.5, "fenced": true, "lsn": "0/00002000" },
                { "site": "scw-par", "reachable": false, "role": "unknown", "problem": "Timeout: the server did not answer in time", "fenced": false },
                { "site": "hz-fsn", "reachable": false, "role": "unknown", "problem": "not observed yet", "fenced": false }
              ]
            }
            """;
        JsonNode.Parse(json)!.ToJsonString().Should().Be(JsonNode.Parse(Expected)!.ToJsonString(), "API clients (the CLI, the lab dashboard) read these names, in this order");
    }

    [Fact]
    public void ServiceStatus_OfAMemberWithAnAgent_ShowsItsLease()
    {
        var service = new Service(
            "ent-1", "ENT", "ovh-sbg", ["ovh-rbx"], "default", 1,
            new DatabaseSpec("ent", "failover", new SecretReference(SecretSource.Environment, "PG"), ReplicationMode.Async, new RpoBudget(null, null)),
            new HealthSpec(null), [], new TrafficSpec("edge", "ent.example.", TimeSpan.FromSeconds(30)), new ServiceTargets(TimeSpan.FromMinutes(1), TimeSpan.Zero));
        var leases = new Dictionary<(string, string), LeaseStatus>
        {
            [("ent-1", "ovh-sbg")] = new LeaseStatus(0.5, 3.5, true, false, null),
            [("ent-1", "ovh-rbx")] = new LeaseStatus(null, 0, false, null, "Unreachable: connection refused"),
        };

        var json = JsonSerializer.Serialize(
            ServiceStatus.From(service, ServiceState.Initial(service), new Dictionary<(string, string), MemberObservation>(), [], Now, "ovh-sbg", leases), ApiJson.Options);

        var members = JsonNode.Parse(json)!["members"]!.AsArray();
        members[0]!["lease"]!.ToJsonString().Should().Be("""{"lastGrantAgeSeconds":0.5,"remainingSeconds":3.5,"agentAnswered":true,"agentFenced":false}""");
        members[1]!["lease"]!.ToJsonString().Should().Be("""{"remainingSeconds":0,"agentAnswered":false,"agentProblem":"Unreachable: connection refused"}""");
    }

    [Fact]
    public void ServiceStatus_StandbyAtAnIdlePrimarysPosition_IsZeroSecondsBehind()
    {
        var service = Service();
        var observations = new Dictionary<(string, string), MemberObservation>
        {
            [("ent-1", "ovh-sbg")] = MemberObservation.Primary(Member("ovh-sbg"), Now, 42, 1, new Lsn(0x3000), new ControlMarks(false, Epoch.Initial), Downstream.None),
            [("ent-1", "ovh-rbx")] = MemberObservation.Standby(
                Member("ovh-rbx"), Now, 42, 1, WalPositions.OfStandby(new Lsn(0x3000), new Lsn(0x2F00), Now.AddHours(-8), receiverStreaming: true), ControlMarks.None, []),
        };

        var status = ServiceStatus.From(service, ServiceState.Initial(service), observations, [], Now, "ovh-sbg");

        var standby = status.Members.Single(m => m.Site == "ovh-rbx");
        standby.LagBytes.Should().Be(0, "it flushed everything the primary wrote; replay trails by a record that commits nothing");
        standby.ReplayLagSeconds.Should().Be(0, "the last commit was 8 h ago, but nothing was written since: a quiet night is no lag");
    }

    [Fact]
    public void ServiceStatus_WithTheLeadersQuote_ShowsAnUnknownLossAsAtLeast()
    {
        var service = Service();
        var observations = new Dictionary<(string, string), MemberObservation>
        {
            [("ent-1", "ovh-sbg")] = MemberObservation.Unreachable(Member("ovh-sbg"), Now, ReplicationFailure.Timeout, "cut off"),
            [("ent-1", "ovh-rbx")] = MemberObservation.Standby(
                Member("ovh-rbx"), Now, 42, 1, WalPositions.OfStandby(new Lsn(0x2000), new Lsn(0x2000), null, receiverStreaming: false), ControlMarks.None, []),
        };
        var quotes = new Dictionary<(string, string), DataLossQuote> { [("ent-1", "ovh-rbx")] = DataLossQuote.UnknownAtLeast(4096, "primary last seen 40 s ago") };

        var json = JsonSerializer.Serialize(ServiceStatus.From(service, ServiceState.Initial(service), observations, [], Now, "ovh-sbg", quotes: quotes), ApiJson.Options);

        var standby = JsonNode.Parse(json)!["members"]!.AsArray()[1]!;
        standby["quote"]!.GetValue<string>().Should().Be("unknown, at least 4096 bytes");
        standby["lagBytes"].Should().BeNull("the loss is not known");
    }

    private static Service Service() => new(
        "ent-1", "ENT", "ovh-sbg", ["ovh-rbx"], "default", 1,
        new DatabaseSpec("ent", "failover", new SecretReference(SecretSource.Environment, "PG"), ReplicationMode.Async, new RpoBudget(null, TimeSpan.FromSeconds(5))),
        new HealthSpec(null), [], new TrafficSpec("edge", "ent.example.", TimeSpan.FromSeconds(30)), new ServiceTargets(TimeSpan.FromMinutes(1), TimeSpan.Zero));

    private static DatabaseMember Member(string site) =>
        new("ent-1", site, new HostEndpoint("127.0.0.1", 5432), "ent", "failover", new SecretReference(SecretSource.Environment, "PG"));
}
