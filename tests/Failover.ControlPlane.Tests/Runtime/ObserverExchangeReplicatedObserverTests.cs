using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Failover.Configuration;
using Failover.ControlPlane.Auth;
using Failover.ControlPlane.Hosting;
using Failover.ControlPlane.Runtime;
using Failover.Core.Health;
using Failover.Core.Topology;
using Failover.Postgres;
using Failover.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.ControlPlane.Tests.Runtime;

/// <summary>
/// Three observers, one of them (obs-b) run as two replicas of one Deployment: real control planes on
/// 127.0.0.1 and 127.0.0.2, same port, behind one name (a headless Service; the name resolution is a table here).
/// Every replica of obs-b must judge with every peer's view, whichever replica leads.
/// </summary>
public sealed class ObserverExchangeReplicatedObserverTests : IAsyncLifetime
{
    private const string ObsBHost = "failover-peers.obs-b.test";
    private static readonly string[] Observers = ["obs-a", "obs-b", "obs-c"];
    private static readonly IPAddress[] ObsBReplicas = [IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2")];
    private readonly string _directory = Directory.CreateTempSubdirectory("failover-obsrep-").FullName;
    private readonly Dictionary<string, WebApplication> _hosts = [];
    private readonly Dictionary<string, Uri> _urls = [];
    private readonly HttpClient _http = new();
    private PostgresCluster _cluster = null!;
    private int _obsBPort;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync(standbys: 1);
        _urls["obs-a"] = new Uri($"http://127.0.0.1:{FreePort.Tcp()}");
        _urls["obs-c"] = new Uri($"http://127.0.0.1:{FreePort.Tcp()}");
        _obsBPort = FreePort.Tcp();
        _urls["obs-b#0"] = new Uri($"http://127.0.0.1:{_obsBPort}");
        _urls["obs-b#1"] = new Uri($"http://127.0.0.2:{_obsBPort}");

        var estate = Estate();
        var tokens = TokenFile.Parse($"{ControlPlaneServer.OperatorToken},peer,operator\n{ControlPlaneServer.ViewerToken},vera,viewer\n", "test");
        foreach (var (instance, url) in _urls)
        {
            var observer = instance.Split('#')[0];
            var views = new HttpObserverViewExchange(estate, observer, ControlPlaneServer.OperatorToken, _http, NullLogger<HttpObserverViewExchange>.Instance, Resolve);
            var options = new ControlPlaneOptions
            {
                ConfigFile = "test", TokensFile = "test", Url = url.ToString().TrimEnd('/'), ObserverId = observer, Acts = instance == "obs-b#1", JsonLogs = true,
            };
            var host = ControlPlaneHost.Build(
                options, estate, tokens, new HighAvailabilityOptions { Journal = Path.Combine(_directory, instance.Replace('#', '-') + ".db") },
                services => services.Replace(ServiceDescriptor.Singleton<IObserverViewExchange>(views)));
            await host.StartAsync();
            _hosts[instance] = host;
        }
    }

    [Fact]
    public async Task EveryReplicaOfAnObserver_CountsEveryObserversVote_AndJudgesALostSiteWithThem()
    {
        foreach (var instance in _urls.Keys)
        {
            await EventuallyAsync(async () => (await VotingAsync(instance, "site-b")).Order().SequenceEqual(Observers), $"{instance} to count the votes of all three observers");
        }

        // obs-b's first replica goes away: its sibling still votes as obs-b (its peers still reach it).
        await _hosts["obs-b#0"].StopAsync();
        await EventuallyAsync(async () => (await VotingAsync("obs-a", "site-b")).Order().SequenceEqual(Observers), "obs-a to keep counting obs-b through its other replica");

        await _cluster.Standbys[0].StopAsync();

        // A majority (two views) is enough for Lost, so the third view may count a turn later: wait for all three.
        await EventuallyAsync(
            async () => await SiteAsync("obs-b#1", "site-b") is var site && site.GetProperty("state").GetString() == "lost"
                && site.GetProperty("observersVoting").EnumerateArray().Select(e => e.GetString()).Order().SequenceEqual(Observers),
            "the acting replica of obs-b to judge site-b lost with its peers' views, not its own alone");
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }

        _http.Dispose();
        await _cluster.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken) =>
        host == ObsBHost ? Task.FromResult(ObsBReplicas) : throw new SocketException((int)SocketError.HostNotFound);

    private Estate Estate()
    {
        var yaml = string.Create(CultureInfo.InvariantCulture, $$"""
            providers: [{ id: p }]
            sites:
              - { id: site-a, provider: p, failureDomain: a, postgres: { host: 127.0.0.1, port: {{_cluster.Primary.Port}} } }
              - { id: site-b, provider: p, failureDomain: b, postgres: { host: 127.0.0.1, port: {{_cluster.Standbys[0].Port}} } }
            observers:
              - { id: obs-a, failureDomain: fd-a, url: "{{_urls["obs-a"]}}" }
              - { id: obs-b, failureDomain: fd-b, url: "http://{{ObsBHost}}:{{_obsBPort}}" }
              - { id: obs-c, failureDomain: fd-c, url: "{{_urls["obs-c"]}}" }
            policies:
              - { id: default, automaticFailover: false, detection: { interval: 500ms, gracePeriod: 2s } }
            routers:
              - { id: pdns, kind: powerdns, url: "http://127.0.0.1:1", zone: test.example., apiKeyEnv: UNUSED }
            services:
              - id: ent-test
                primary: site-a
                standbys: [site-b]
                database: { name: {{_cluster.Database}}, user: postgres, passwordFile: {{_cluster.SuperuserSecretFile}}, replication: async, maxLagBytes: 16MB }
                traffic: { router: pdns, name: ent.test.example. }
            """);
        var loaded = EstateLoader.Load(yaml);
        return loaded.Estate ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics.Select(d => d.Format("test estate"))));
    }

    private async Task<JsonElement> SiteAsync(string instance, string siteId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_urls[instance], "/api/v1/status"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ControlPlaneServer.ViewerToken);
        using var response = await _http.SendAsync(request);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sites").EnumerateArray().Single(s => s.GetProperty("id").GetString() == siteId);
    }

    private async Task<List<string>> VotingAsync(string instance, string siteId) =>
        (await SiteAsync(instance, siteId)).GetProperty("observersVoting").EnumerateArray().Select(e => e.GetString()!).ToList();

    private static Task EventuallyAsync(Func<Task<bool>> condition, string what) =>
        Wait.UntilAsync(condition, TimeSpan.FromSeconds(30), what, () => "");
}
