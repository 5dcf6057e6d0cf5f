using Failover.Core;
using Failover.Core.Traffic;
using Failover.Testing;
using Failover.Traffic.Tests.Dns;
using Failover.Traffic.Tests.Infrastructure;

namespace Failover.Traffic.Tests.PowerDns;

public sealed class PowerDnsRouterTests : DnsRouterContractTests, IClassFixture<PowerDnsFixture>
{
    private readonly PowerDnsServer _server;

    public PowerDnsRouterTests(PowerDnsFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _server = fixture.Server;
        Router = Routers.Create(_server.Spec("pdns", TestSecrets.InEnvironment(_server.ApiKey)));
    }

    protected override ITrafficRouter Router { get; }

    protected override DnsLookup Lookup => _server.Lookup;

    protected override string Zone => _server.Zone;

    protected override string WrongCredentialsReason => "rejected the API key from env:FAILOVER_TEST_SECRET_";

    protected override IReadOnlyList<System.Net.IPEndPoint> Nameservers => _server.Nameservers;

    protected override ITrafficRouter RouterWithExtraNameserver(Failover.Core.Topology.HostEndpoint extra)
    {
        var spec = _server.Spec("pdns-extra-ns", TestSecrets.InEnvironment(_server.ApiKey));
        return Routers.Create(spec with { Nameservers = [.. spec.Nameservers, extra] });
    }

    protected override ITrafficRouter RouterWithWrongCredentials(out string secretValue)
    {
        secretValue = "not-the-api-key-" + Guid.NewGuid().ToString("N");
        return Routers.Create(_server.Spec("pdns-wrong", TestSecrets.InEnvironment(secretValue)));
    }

    [Fact]
    public async Task Read_WrongApiKey_ThrowsNamingTheProblem()
    {
        var router = RouterWithWrongCredentials(out var secret);

        var read = () => router.ReadAsync(new TrafficRoute("ent-test", "pdns-wrong", Name("seeded")), CancellationToken.None);

        (await read.Should().ThrowAsync<TrafficReadException>()).Which.Message
            .Should().Contain("401").And.Contain("rejected the API key").And.NotContain(secret);
    }

    [Fact]
    public async Task Switch_ZoneUnknownToServer_FailsNamingTheZone()
    {
        var spec = _server.Spec("pdns-nozone", TestSecrets.InEnvironment(_server.ApiKey)) with { Zone = "absent.test" };
        var request = Request("x", "site-a", SiteA, epoch: 2) with { Route = new TrafficRoute("ent-test", "pdns-nozone", "ent.absent.test") };

        var result = await Routers.Create(spec).SwitchAsync(request, CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Failed);
        result.Reason.Should().Contain("no zone absent.test.");
    }

    [Fact]
    public async Task Switch_ApiKeySecretMissing_FailsNamingTheReference()
    {
        var missing = new Failover.Core.Topology.SecretReference(Failover.Core.Topology.SecretSource.Environment, "FAILOVER_TEST_UNSET_" + Guid.NewGuid().ToString("N"));
        var router = Routers.Create(_server.Spec("pdns-nosecret", missing));

        var result = await router.SwitchAsync(Request("nosecret", "site-a", SiteA, epoch: 2), CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Failed);
        result.Reason.Should().Contain(missing.ToString()).And.Contain("not set");
        result.PreviousEpoch.Should().Be((Epoch?)null);
    }
}
