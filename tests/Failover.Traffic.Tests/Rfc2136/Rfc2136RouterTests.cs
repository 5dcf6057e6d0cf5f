using System.Net;
using Failover.Core;
using Failover.Core.Traffic;
using Failover.Testing;
using Failover.Traffic.Dns;
using Failover.Traffic.Rfc2136;
using Failover.Traffic.Tests.Dns;
using Failover.Traffic.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Traffic.Tests.Rfc2136;

public sealed class Rfc2136RouterTests : DnsRouterContractTests, IClassFixture<BindFixture>
{
    private readonly BindServer _server;

    public Rfc2136RouterTests(BindFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _server = fixture.Server;
        Router = Routers.Create(_server.Spec("bind"));
    }

    protected override ITrafficRouter Router { get; }

    protected override DnsLookup Lookup => _server.Lookup;

    protected override string Zone => _server.Zone;

    protected override string WrongCredentialsReason => $"rejected the TSIG signature of key '{BindServer.KeyName}' (NOTAUTH, TSIG error BADSIG";

    protected override IReadOnlyList<IPEndPoint> Nameservers => _server.Nameservers;

    protected override ITrafficRouter RouterWithExtraNameserver(Failover.Core.Topology.HostEndpoint extra)
    {
        var spec = _server.Spec("bind-extra-ns");
        return Routers.Create(spec with { Nameservers = [.. spec.Nameservers, extra] });
    }

    protected override ITrafficRouter RouterWithWrongCredentials(out string secretValue)
    {
        secretValue = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());
        return Routers.Create(_server.Spec("bind-wrong-secret", TestSecrets.InEnvironment(secretValue)));
    }

    [Fact]
    public async Task Switch_UnknownKeyName_FailsNamingTheKey()
    {
        var router = Routers.Create(_server.Spec("bind-wrong-name", keyName: "no-such-key"));

        var result = await router.SwitchAsync(Request("wrongname", "site-b", SiteB, epoch: 2), CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Failed);
        result.Reason.Should().Contain("key 'no-such-key'").And.Contain("BADKEY (key name unknown to the server)");
        (await Lookup.AddressesAsync(Name("wrongname"))).Should().BeEmpty();
    }

    [Fact]
    public async Task Switch_SecretNotBase64_FailsNamingTheReferenceOnly()
    {
        var router = Routers.Create(_server.Spec("bind-bad-secret", TestSecrets.InEnvironment("this is not base64!")));

        var result = await router.SwitchAsync(Request("badsecret", "site-b", SiteB, epoch: 2), CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Failed);
        result.Reason.Should().Contain("not valid base64").And.Contain("env:FAILOVER_TEST_SECRET_").And.NotContain("this is not base64!");
    }

    [Fact]
    public async Task Replace_RecordsChangedSinceRead_IsRejectedByPrerequisites()
    {
        var backend = new Rfc2136ZoneBackend(_server.Spec("bind-race"), TestSecrets.Instance, Routers.Options, TimeProvider.System, NullLogger.Instance);
        var name = DnsNames.Absolute(Name("race"));
        var marker = $"_failover.{name}";
        (await Router.SwitchAsync(Request("race", "site-a", SiteA, epoch: 3), CancellationToken.None)).Outcome.Should().Be(SwitchOutcome.Applied);
        var read = await backend.ReadAsync(name, marker, CancellationToken.None);
        read.Succeeded.Should().BeTrue(read.Error);

        // Another controller moves the name between our read and our write.
        (await Router.SwitchAsync(Request("race", "site-b", SiteB, epoch: 4), CancellationToken.None)).Outcome.Should().Be(SwitchOutcome.Applied);
        var late = await backend.ReplaceAsync(name, marker, read.Value!, new DnsDesiredState("site-c", [IPAddress.Parse("203.0.113.30")], TimeSpan.FromSeconds(30), new Epoch(4)), CancellationToken.None);

        late.Succeeded.Should().BeFalse();
        late.Error.Should().Contain("concurrent change detected");
        (await Lookup.AddressesAsync(Name("race"))).Should().BeEquivalentTo(SiteB, "the concurrent change must not be overwritten");
    }
}
