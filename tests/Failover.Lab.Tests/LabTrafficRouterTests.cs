using System.Net;
using System.Net.Sockets;
using DnsClient;
using Failover.Core;
using Failover.Core.Secrets;
using Failover.Core.Topology;
using Failover.Core.Traffic;
using Failover.Postgres;
using Failover.Traffic;
using Failover.Traffic.Edge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

using Failover.Lab.Network;
namespace Failover.Lab.Tests;

/// <summary>
/// The lab's edge-then-DNS router against a real in-process edge and a real pdns_server started by the lab's own
/// launcher, on free loopback ports in a temp lab directory; the server is killed by pid after each test.
/// </summary>
public sealed class LabTrafficRouterTests : IAsyncLifetime
{
    private static readonly TrafficRoute Route = new(LabLayout.ServiceId, "edge", LabLayout.DnsName);
    private readonly LabLayout _layout = new(Directory.CreateTempSubdirectory("failover-lab-dns-").FullName);
    private LabPowerDns _dns = null!;
    private EdgeProxy _edge = null!;
    private ServiceProvider _provider = null!;
    private LabTrafficRouter _router = null!;

    public async Task InitializeAsync()
    {
        LabPowerDns.IsInstalled.Should().BeTrue($"the lab's DNS tests need pdns_server: {LabPowerDns.InstallHint}");
        _dns = new LabPowerDns(_layout, FreeTcpAndUdpPort(), FreeTcpPort());
        await _dns.StartAsync(LabNetwork.Relay.PublicAddress(LabLayout.Primary), CancellationToken.None);
        _edge = await EdgeProxy.StartAsync(new EdgeProxyOptions { ListenUrl = new Uri("http://127.0.0.1:0") }, null, CancellationToken.None);
        _provider = new ServiceCollection()
            .AddSingleton<ISecretResolver>(new EnvironmentAndFileSecretResolver())
            .AddSingleton(_edge)
            .AddFailoverTraffic()
            .BuildServiceProvider();
        var factory = _provider.GetRequiredService<ITrafficRouterFactory>();
        _router = new LabTrafficRouter(
            factory.Create(new EdgeRouterSpec("edge", null)), factory.Create(_dns.RouterSpec), LabPowerDns.RouterId, NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        await _dns.KillAsync(CancellationToken.None);
        await _provider.DisposeAsync();
        await _edge.DisposeAsync();
        Directory.Delete(_layout.Directory, recursive: true);
    }

    [Fact]
    public async Task Switch_ToStandbySite_EdgeServesItAndDnsAnswersItsAddress()
    {
        (await QueryAsync()).Should().Equal(LabNetwork.Relay.PublicAddress(LabLayout.Primary));

        var result = await _router.SwitchAsync(Request("ovh-rbx", new Epoch(2)), CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Applied);
        result.Reason.Should().Contain($"DNS {LabLayout.DnsName} moved to ovh-rbx");
        (await _router.ReadAsync(Route, CancellationToken.None)).Targets.Should().ContainSingle().Which.SiteId.Should().Be("ovh-rbx");
        (await QueryAsync()).Should().Equal(LabNetwork.Relay.PublicAddress(LabLayout.Site("ovh-rbx")));
        _router.Kind.Should().Be("edge");
    }

    [Fact]
    public async Task Switch_SameSiteAgain_AlreadyInPlaceAtBoth()
    {
        (await _router.SwitchAsync(Request("scw-par", new Epoch(2)), CancellationToken.None)).Outcome.Should().Be(SwitchOutcome.Applied);

        var again = await _router.SwitchAsync(Request("scw-par", new Epoch(2)), CancellationToken.None);

        again.Outcome.Should().Be(SwitchOutcome.AlreadyInPlace);
        again.Reason.Should().Contain($"DNS {LabLayout.DnsName} already points to scw-par");
        (await QueryAsync()).Should().Equal(LabNetwork.Relay.PublicAddress(LabLayout.Site("scw-par")));
    }

    [Fact]
    public async Task Switch_StaleEpochRefusedByEdge_DnsIsNotMoved()
    {
        (await _router.SwitchAsync(Request("ovh-rbx", new Epoch(3)), CancellationToken.None)).Outcome.Should().Be(SwitchOutcome.Applied);

        var stale = await _router.SwitchAsync(Request("scw-par", new Epoch(2)), CancellationToken.None);

        stale.Outcome.Should().Be(SwitchOutcome.RefusedStaleEpoch);
        (await QueryAsync()).Should().Equal(LabNetwork.Relay.PublicAddress(LabLayout.Site("ovh-rbx")));
    }

    [Fact]
    public async Task Switch_DnsServerDown_EdgeSwitchStandsAndReasonTellsDnsWasNotMoved()
    {
        (await _dns.KillAsync(CancellationToken.None)).Should().BeTrue();

        var result = await _router.SwitchAsync(Request("ovh-rbx", new Epoch(2)), CancellationToken.None);

        result.Outcome.Should().Be(SwitchOutcome.Applied, "the edge is the authority for the lab's traffic");
        result.Reason.Should().Contain($"DNS {LabLayout.DnsName} NOT moved to ovh-rbx");
        (await _router.ReadAsync(Route, CancellationToken.None)).Targets.Should().ContainSingle().Which.SiteId.Should().Be("ovh-rbx");
    }

    private static SwitchRequest Request(string siteId, Epoch epoch)
    {
        var site = LabLayout.Site(siteId);
        var target = new WeightedTarget(siteId, [LabNetwork.Relay.PublicAddress(site)], [new Uri(LabLayout.AppUrl(LabNetwork.Relay.PublicAddress(site)) + "/")], 1.0);
        return new SwitchRequest(Route, [target], TimeSpan.Zero, epoch, TimeSpan.FromSeconds(5));
    }

    /// <summary>Asks the lab's PowerDNS server itself, as <c>dig @127.0.0.1 -p PORT ent.grand-est.lab</c> would.</summary>
    private async Task<IReadOnlyList<IPAddress>> QueryAsync()
    {
        var client = new LookupClient(new LookupClientOptions(new NameServer(_dns.DnsEndpoint)) { UseCache = false, Timeout = TimeSpan.FromSeconds(2) });
        var answer = await client.QueryAsync(LabLayout.DnsName, QueryType.A);
        return [.. answer.Answers.ARecords().Select(a => a.Address)];
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int FreeTcpAndUdpPort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = FreeTcpPort();
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP: try another.
            }
        }

        throw new InvalidOperationException("no loopback port free for both TCP and UDP after 50 attempts");
    }
}
