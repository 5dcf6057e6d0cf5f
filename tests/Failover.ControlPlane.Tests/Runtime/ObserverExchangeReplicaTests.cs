using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Failover.Configuration;
using Failover.ControlPlane.Api;
using Failover.ControlPlane.Runtime;
using Failover.Core.Health;
using Failover.Core.Topology;
using Failover.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.ControlPlane.Tests.Runtime;

/// <summary>
/// An observer that is several replicas behind one (headless Service) name: the view exchange resolves the name and
/// writes the view to EVERY replica, each a real Kestrel listener on its own loopback address (127.0.0.1, 127.0.0.2)
/// and the same port, with the name resolution replaced by a table (a test cannot edit /etc/hosts).
/// </summary>
public sealed class ObserverExchangeReplicaTests : IAsyncLifetime
{
    private const string PeerHost = "obs-b.failover-peers.test";
    private const string PeerToken = "peer-token-0123456789";
    private static readonly IPAddress Replica1 = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress Replica2 = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Silent = IPAddress.Parse("127.0.0.3");

    private readonly List<WebApplication> _replicas = [];
    private readonly ConcurrentBag<Received> _received = [];
    private readonly HttpClient _http = new();
    private TcpListener? _silent;
    private int _port;

    private sealed record Received(IPAddress Replica, string PathObserver, string? Host, string? Authorization, ObserverView View);

    public async Task InitializeAsync()
    {
        // One port free on every replica address (the replicas of a Deployment all listen on the same port).
        for (var attempt = 0; ; attempt++)
        {
            _port = FreePort.Tcp();
            try
            {
                foreach (var address in new[] { Replica1, Replica2 })
                {
                    _replicas.Add(await StartReplicaAsync(address, _port));
                }

                // Accepts connections (the kernel's backlog) but never answers: a replica that hangs.
                _silent = new TcpListener(Silent, _port);
                _silent.Start();
                await WarmUpAsync();
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                await StopReplicasAsync();
            }
            catch (SocketException) when (attempt < 5)
            {
                await StopReplicasAsync();
            }
        }
    }

    /// <summary>
    /// One view through each replica before the tests, then forgotten: the first request of a fresh host (JIT of the
    /// server and of the JSON paths) can take longer than the peer timeout on a loaded machine, and that cost is the
    /// test host's, not the exchange's.
    /// </summary>
    private async Task WarmUpAsync()
    {
        foreach (var address in new[] { Replica1, Replica2 })
        {
            using var content = System.Net.Http.Json.JsonContent.Create(View("warm-up"), options: ApiJson.Options);
            using var answer = await _http.PutAsync(new Uri($"http://{address}:{_port}/api/v1/observers/warm-up/view"), content);
            answer.EnsureSuccessStatusCode();
        }

        _received.Clear();
    }

    public async Task DisposeAsync()
    {
        _silent?.Stop();
        _silent?.Dispose();
        await StopReplicasAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Publish_HostResolvingToTwoReplicas_ReachesBoth()
    {
        var exchange = Exchange($"http://{PeerHost}:{_port}", Resolve(Replica1, Replica2));

        await exchange.PublishAsync(View("obs-a"), CancellationToken.None);

        _received.Select(r => r.Replica).Should().BeEquivalentTo([Replica1, Replica2], "every replica, whichever leads, gets the view");
        _received.Should().AllSatisfy(r =>
        {
            r.PathObserver.Should().Be("obs-a");
            r.View.ObserverId.Should().Be("obs-a");
            r.Host.Should().Be($"{PeerHost}:{_port}", "the peer's own name is kept as the Host header");
            r.Authorization.Should().Be($"Bearer {PeerToken}");
        });
    }

    [Fact]
    public async Task Publish_LiteralIpUrl_IsSentAsItIs_WithoutResolving()
    {
        var resolutions = 0;
        var exchange = Exchange($"http://127.0.0.2:{_port}", (_, _) =>
        {
            Interlocked.Increment(ref resolutions);
            return Task.FromResult(new[] { Replica1, Replica2 });
        });

        await exchange.PublishAsync(View("obs-a"), CancellationToken.None);

        resolutions.Should().Be(0);
        _received.Should().ContainSingle().Which.Should().Match<Received>(r => r.Replica.Equals(Replica2) && r.Host == $"127.0.0.2:{_port}");
    }

    [Fact]
    public async Task Publish_OneReplicaHangs_TheOtherReceives_WithinThePeerTimeout()
    {
        // Warmed up first (JIT, first connection): on a loaded machine a cold first request alone can take the budget.
        await Exchange($"http://127.0.0.1:{_port}", Resolve()).PublishAsync(View("obs-a"), CancellationToken.None);
        _received.Clear();
        var exchange = Exchange($"http://{PeerHost}:{_port}", Resolve(Silent, Replica1));
        var clock = Stopwatch.StartNew();

        await exchange.PublishAsync(View("obs-a"), CancellationToken.None);

        clock.Elapsed.Should().BeLessThan(HttpObserverViewExchange.PeerTimeout + TimeSpan.FromSeconds(1), "a hung replica costs at most the peer timeout");
        _received.Should().ContainSingle().Which.Replica.Should().Be(Replica1);
    }

    [Fact]
    public async Task Publish_OneReplicaRefusesConnections_TheOtherReceives()
    {
        var exchange = Exchange($"http://{PeerHost}:{_port}", Resolve(IPAddress.Parse("127.0.0.4"), Replica2));

        await exchange.PublishAsync(View("obs-a"), CancellationToken.None);

        _received.Should().ContainSingle().Which.Replica.Should().Be(Replica2);
    }

    [Fact]
    public async Task Publish_ResolutionHangs_IsBoundedAndNoException()
    {
        var exchange = Exchange($"http://{PeerHost}:{_port}", async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return [];
        });
        var clock = Stopwatch.StartNew();

        await exchange.PublishAsync(View("obs-a"), CancellationToken.None);

        clock.Elapsed.Should().BeLessThan(HttpObserverViewExchange.PeerTimeout + TimeSpan.FromSeconds(1));
        _received.Should().BeEmpty();
        (await exchange.GetViewsAsync(CancellationToken.None)).Should().ContainKey("obs-a", "the own view is kept whatever the peers");
    }

    [Fact]
    public async Task Publish_HostDoesNotResolve_IsNoException()
    {
        var exchange = Exchange($"http://{PeerHost}:{_port}", (_, _) => throw new SocketException((int)SocketError.HostNotFound));

        await exchange.PublishAsync(View("obs-a"), CancellationToken.None);

        _received.Should().BeEmpty();
    }

    [Fact]
    public async Task Publish_SystemResolver_ResolvesLocalhost()
    {
        var exchange = Exchange($"http://localhost:{_port}", PeerAddresses.SystemResolver);

        await exchange.PublishAsync(View("obs-a"), CancellationToken.None);

        _received.Should().Contain(r => r.Replica.Equals(Replica1) && r.Host == $"localhost:{_port}");
    }

    [Fact]
    public async Task Receive_ViewOfThisSameObserver_FromASiblingReplica_IsRefused_AndNeverCountsTwice()
    {
        var exchange = Exchange($"http://{PeerHost}:{_port}", Resolve());
        var own = View("obs-a");
        await exchange.PublishAsync(own, CancellationToken.None);

        var refusal = await exchange.ReceiveAsync("obs-a", View("obs-a") with { At = own.At.AddSeconds(5), SelfSuspect = true }, CancellationToken.None);
        var accepted = await exchange.ReceiveAsync("obs-b", View("obs-b"), CancellationToken.None);

        refusal.Should().Contain("not a peer observer");
        accepted.Should().BeNull();
        var views = await exchange.GetViewsAsync(CancellationToken.None);
        views.Keys.Should().BeEquivalentTo(["obs-a", "obs-b"], "one vote per observer, however many replicas it runs");
        views["obs-a"].Should().BeSameAs(own, "a sibling replica's view never replaces this replica's own");
    }

    [Fact]
    public void Targets_KeepSchemePortAndOrder_BracketIPv6_AndDropDuplicates()
    {
        var targets = PeerAddresses.Targets(
            new Uri("https://obs-b.example.fr:8443/ignored?x=1"),
            [IPAddress.Parse("2001:db8::7"), IPAddress.Parse("10.0.0.7"), IPAddress.Parse("::ffff:10.0.0.7"), IPAddress.Parse("10.0.0.8")],
            "/api/v1/observers/obs-a/view");

        targets.Select(t => t.ToString()).Should().Equal(
            "https://10.0.0.7:8443/api/v1/observers/obs-a/view",
            "https://10.0.0.8:8443/api/v1/observers/obs-a/view",
            "https://[2001:db8::7]:8443/api/v1/observers/obs-a/view");
    }

    [Fact]
    public void Targets_ManyAddresses_AreCapped()
    {
        var many = Enumerable.Range(1, 100).Select(i => new IPAddress([10, 0, 0, (byte)i]));

        PeerAddresses.Targets(new Uri("http://obs-b:7400"), many, "/").Should().HaveCount(PeerAddresses.MaxAddressesPerPeer);
    }

    private static Func<string, CancellationToken, Task<IPAddress[]>> Resolve(params IPAddress[] addresses) =>
        (host, _) => host == PeerHost
            ? Task.FromResult(addresses)
            : throw new SocketException((int)SocketError.HostNotFound);

    private HttpObserverViewExchange Exchange(string peerUrl, Func<string, CancellationToken, Task<IPAddress[]>> resolve) =>
        new(Estate(peerUrl), "obs-a", PeerToken, _http, NullLogger<HttpObserverViewExchange>.Instance, resolve);

    private static ObserverView View(string observer) =>
        new(observer, TimeProvider.System.GetUtcNow(), SelfSuspect: false, SelfSuspicionReason: null, Sites: []);

    private static Estate Estate(string peerUrl)
    {
        var yaml = $$"""
            providers: [{ id: p }]
            sites:
              - { id: site-a, provider: p, failureDomain: a, postgres: { host: 127.0.0.1, port: 5432 } }
              - { id: site-b, provider: p, failureDomain: b, postgres: { host: 127.0.0.1, port: 5433 } }
            observers:
              - { id: obs-a, failureDomain: fd-a, url: "http://127.0.0.1:1" }
              - { id: obs-b, failureDomain: fd-b, url: "{{peerUrl}}" }
              - { id: obs-c, failureDomain: fd-c }
            policies:
              - { id: default }
            routers:
              - { id: pdns, kind: powerdns, url: "http://127.0.0.1:1", zone: test.example., apiKeyEnv: UNUSED }
            services:
              - id: ent-test
                primary: site-a
                standbys: [site-b]
                database: { name: ent, user: postgres, passwordEnv: UNUSED, replication: async, maxLagBytes: 16MB }
                traffic: { router: pdns, name: ent.test.example. }
            """;
        var loaded = EstateLoader.Load(yaml);
        return loaded.Estate ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics.Select(d => d.Format("test estate"))));
    }

    private async Task<WebApplication> StartReplicaAsync(IPAddress address, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{address}:{port}");
        var app = builder.Build();
        app.MapPut("/api/v1/observers/{id}/view", async (string id, HttpRequest request) =>
        {
            var view = await request.ReadFromJsonAsync<ObserverView>(ApiJson.Options);
            _received.Add(new Received(address, id, request.Headers.Host, request.Headers.Authorization, view!));
            return Results.NoContent();
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    private async Task StopReplicasAsync()
    {
        foreach (var app in _replicas)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        _replicas.Clear();
    }
}
