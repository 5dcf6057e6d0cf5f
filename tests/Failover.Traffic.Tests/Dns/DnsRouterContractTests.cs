using Failover.Testing;
using System.Net;
using Failover.Core;
using Failover.Core.Topology;
using Failover.Core.Traffic;

namespace Failover.Traffic.Tests.Dns;

/// <summary>
/// What every DNS router must do, run against each real server (PowerDNS, BIND). The zone holds
/// <c>seeded A 192.0.2.10</c> with TTL 120 before the tests; each test works on its own name.
/// </summary>
public abstract class DnsRouterContractTests
{
    protected static readonly IPAddress[] SiteA = [IPAddress.Parse("192.0.2.10")];
    protected static readonly IPAddress[] SiteB = [IPAddress.Parse("198.51.100.20"), IPAddress.Parse("2001:db8::20")];

    protected abstract ITrafficRouter Router { get; }

    protected abstract DnsLookup Lookup { get; }

    protected abstract string Zone { get; }

    protected abstract ITrafficRouter RouterWithWrongCredentials(out string secretValue);

    /// <summary>Every authoritative server of the zone: the primary first, then the secondaries.</summary>
    protected abstract IReadOnlyList<IPEndPoint> Nameservers { get; }

    /// <summary>A router whose nameserver list also names <paramref name="extra"/>.</summary>
    protected abstract ITrafficRouter RouterWithExtraNameserver(HostEndpoint extra);

    /// <summary>A fragment the reason must contain when credentials are wrong.</summary>
    protected abstract string WrongCredentialsReason { get; }

    protected string Name(string label) => $"{label}.{Zone}";

    protected SwitchRequest Request(string label, string site, IReadOnlyList<IPAddress> addresses, long epoch, int ttlSeconds = 30) =>
        new(new TrafficRoute("ent-test", "dns", Name(label)), [new WeightedTarget(site, addresses, [], 1.0)],
            TimeSpan.FromSeconds(ttlSeconds), new Epoch(epoch), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Switch_SeededRecordToSiteB_ReplacesRrsetAndEveryServerAnswers()
    {
        var result = await Router.SwitchAsync(Request("seeded", "site-b", SiteB, epoch: 2), CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Applied, result.Reason);
        result.VerifiedAfter.Should().NotBeNull().And.BePositive();
        result.WorstCaseStaleness.Should().Be(TimeSpan.FromSeconds(120), "clients may hold the old answer for its TTL");
        result.PreviousEpoch.Should().BeNull("the seeded record carried no epoch");
        Nameservers.Should().HaveCountGreaterThan(1, "the fixture runs a primary and a secondary");
        foreach (var server in Nameservers)
        {
            (await new DnsLookup(server).AddressesAsync(Name("seeded"))).Should().BeEquivalentTo(SiteB, "server {0} is authoritative too", server);
        }

        (await Lookup.TtlAsync(Name("seeded"))).Should().Be(30);
        (await Lookup.TextAsync($"_failover.{Name("seeded")}")).Should().Be("failover-epoch=2 site=site-b");
    }

    [Fact]
    public async Task Switch_WhereTrafficAlreadyPoints_IsNoOpThatReportsSo()
    {
        (await Router.SwitchAsync(Request("noop", "site-a", SiteA, epoch: 3), CancellationToken.None)).Outcome.Should().Be(SwitchOutcome.Applied);
        var serial = await Lookup.SerialAsync(Zone);

        var again = await Router.SwitchAsync(Request("noop", "site-a", SiteA, epoch: 3), CancellationToken.None);

        again.Outcome.Should().Be(SwitchOutcome.AlreadyInPlace, again.Reason);
        again.Reason.Should().Contain("already points at site-a");
        again.WorstCaseStaleness.Should().Be(TimeSpan.Zero);
        again.PreviousEpoch.Should().Be(new Epoch(3));
        (await Lookup.SerialAsync(Zone)).Should().Be(serial, "a no-op writes nothing");
    }

    [Fact]
    public async Task Switch_OlderEpochThanApplied_IsRefusedAndRecordUntouched()
    {
        (await Router.SwitchAsync(Request("stale", "site-b", SiteB, epoch: 5), CancellationToken.None)).Outcome.Should().Be(SwitchOutcome.Applied);

        var stale = await Router.SwitchAsync(Request("stale", "site-a", SiteA, epoch: 4), CancellationToken.None);

        stale.Outcome.Should().Be(SwitchOutcome.RefusedStaleEpoch);
        stale.PreviousEpoch.Should().Be(new Epoch(5));
        stale.Reason.Should().Contain("epoch 5").And.Contain("epoch 4");
        (await Lookup.AddressesAsync(Name("stale"))).Should().BeEquivalentTo(SiteB);
    }

    [Fact]
    public async Task Switch_BackAtNewerEpoch_MovesAgainWithOldTtlAsStaleness()
    {
        (await Router.SwitchAsync(Request("back", "site-b", SiteB, epoch: 7, ttlSeconds: 45), CancellationToken.None)).Outcome.Should().Be(SwitchOutcome.Applied);

        var back = await Router.SwitchAsync(Request("back", "site-a", SiteA, epoch: 8, ttlSeconds: 20), CancellationToken.None);

        back.Outcome.Should().Be(SwitchOutcome.Applied, back.Reason);
        back.WorstCaseStaleness.Should().Be(TimeSpan.FromSeconds(45));
        back.PreviousEpoch.Should().Be(new Epoch(7));
        (await Lookup.AddressesAsync(Name("back"))).Should().BeEquivalentTo(SiteA, "the AAAA of site B is gone too");
    }

    [Fact]
    public async Task Read_AfterSwitch_ReportsSiteAddressesTtlAndEpoch()
    {
        await Router.SwitchAsync(Request("read", "site-b", SiteB, epoch: 4, ttlSeconds: 25), CancellationToken.None);

        var state = await Router.ReadAsync(new TrafficRoute("ent-test", "dns", Name("read")), CancellationToken.None);

        state.Epoch.Should().Be(new Epoch(4));
        state.Ttl.Should().Be(TimeSpan.FromSeconds(25));
        state.Targets.Should().ContainSingle().Which.SiteId.Should().Be("site-b");
        state.Targets[0].Addresses.Should().BeEquivalentTo(SiteB);
    }

    [Fact]
    public async Task Switch_WrongCredentials_FailsWithClearReasonWithoutTheSecret()
    {
        var router = RouterWithWrongCredentials(out var secret);

        var result = await router.SwitchAsync(Request("wrongkey", "site-b", SiteB, epoch: 2), CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Failed);
        result.Reason.Should().Contain(WrongCredentialsReason).And.NotContain(secret);
        (await Lookup.AddressesAsync(Name("wrongkey"))).Should().BeEmpty("nothing may be written with a wrong key");
    }

    [Fact]
    public async Task Switch_AuthoritativeServerSilent_FailsNamingIt()
    {
        var silent = new HostEndpoint("127.0.0.1", FreePort.TcpAndUdp());
        var router = RouterWithExtraNameserver(silent);

        var result = await router.SwitchAsync(Request("silent", "site-b", SiteB, epoch: 2) with { VerificationTimeout = TimeSpan.FromSeconds(1) }, CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Failed);
        result.Reason.Should().Contain("not every authoritative server").And.Contain(silent.ToString());
        result.VerifiedAfter.Should().BeNull();
        (await Lookup.AddressesAsync(Name("silent"))).Should().BeEquivalentTo(SiteB, "the primary was switched; only the verification failed");
    }

    [Fact]
    public async Task Switch_WeightedSplit_IsRefusedPointingToTheEdge()
    {
        var request = Request("split", "site-a", SiteA, epoch: 2) with
        {
            Targets = [new WeightedTarget("site-a", SiteA, [], 0.9), new WeightedTarget("site-b", SiteB, [], 0.1)],
        };

        var result = await Router.SwitchAsync(request, CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Failed);
        result.Reason.Should().Contain("edge router");
    }

    [Fact]
    public async Task Switch_NameOutsideZone_FailsNamingTheField()
    {
        var request = Request("x", "site-a", SiteA, epoch: 2) with { Route = new TrafficRoute("ent-test", "dns", "ent.elsewhere.org") };

        var result = await Router.SwitchAsync(request, CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Failed);
        result.Reason.Should().Contain("route Name 'ent.elsewhere.org'").And.Contain(Zone);
    }
}
