using System.Net;
using Failover.Core;
using Failover.Core.Topology;
using Failover.Core.Traffic;

namespace Failover.Core.Tests.Traffic;

public sealed class SwitchRequestsTests
{
    private static readonly Site Roubaix = new("ovh-rbx", "ovh", "Roubaix", "ovh-rbx", [], [IPAddress.Parse("198.51.100.20"), IPAddress.Parse("2001:db8::20")], null, 100);

    private static Service Ent(HttpHealthCheck? http) => new(
        "ent-grand-est", "ENT Grand Est", "ovh-sbg", ["ovh-rbx"], "default", 1,
        new DatabaseSpec("ent", "ent", new SecretReference(SecretSource.Environment, "PW"), ReplicationMode.Async, new RpoBudget(null, null)),
        new HealthSpec(http), [], new TrafficSpec("dns", "ent.example.org", TimeSpan.FromSeconds(60)), new ServiceTargets(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)));

    [Fact]
    public void FullMove_SiteWithIngress_TargetsItsAddressesAndUpstreamsAtServiceTtl()
    {
        var request = SwitchRequests.FullMove(Ent(new HttpHealthCheck("http", 8081, "/health", 200, null, TimeSpan.FromSeconds(2))), Roubaix, new Epoch(3), TimeSpan.FromSeconds(30));

        request.Route.Should().Be(new TrafficRoute("ent-grand-est", "dns", "ent.example.org"));
        request.Ttl.Should().Be(TimeSpan.FromSeconds(60));
        request.Epoch.Should().Be(new Epoch(3));
        var target = request.Targets.Should().ContainSingle().Subject;
        target.SiteId.Should().Be("ovh-rbx");
        target.Weight.Should().Be(1.0);
        target.Addresses.Should().BeEquivalentTo(Roubaix.Ingress);
        target.Upstreams.Should().BeEquivalentTo([new Uri("http://198.51.100.20:8081/"), new Uri("http://[2001:db8::20]:8081/")]);
    }

    [Fact]
    public void TargetOf_ServiceWithoutHttpHealth_HasNoUpstream() =>
        SwitchRequests.TargetOf(Ent(null), Roubaix).Upstreams.Should().BeEmpty("an edge router then refuses the switch naming the site");
}
