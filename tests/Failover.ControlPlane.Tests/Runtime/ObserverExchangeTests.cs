using Failover.Testing;
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
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.ControlPlane.Tests.Runtime;

/// <summary>Three control planes, each an observer, exchanging their views over the API; one acts, two only observe.</summary>
public sealed class ObserverExchangeTests : IAsyncLifetime
{
    private static readonly string[] Observers = ["obs-a", "obs-b", "obs-c"];
    private readonly string _directory = Directory.CreateTempSubdirectory("failover-obs-").FullName;
    private readonly Dictionary<string, WebApplication> _hosts = [];
    private readonly Dictionary<string, int> _ports = [];
    private readonly HttpClient _http = new();
    private PostgresCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync(standbys: 1);
        foreach (var id in Observers)
        {
            _ports[id] = FreePort.Tcp();
        }

        var estate = Estate();
        var tokens = TokenFile.Parse($"{ControlPlaneServer.OperatorToken},peer,operator\n{ControlPlaneServer.ViewerToken},vera,viewer\n", "test");
        foreach (var id in Observers)
        {
            var views = new HttpObserverViewExchange(estate, id, ControlPlaneServer.OperatorToken, _http, NullLogger<HttpObserverViewExchange>.Instance);
            var options = new ControlPlaneOptions
            {
                ConfigFile = "test", TokensFile = "test", Url = $"http://127.0.0.1:{_ports[id]}", ObserverId = id, Acts = id == "obs-a", JsonLogs = true,
            };
            var host = ControlPlaneHost.Build(
                options, estate, tokens, new HighAvailabilityOptions { Journal = Path.Combine(_directory, id + ".db") },
                services => services.Replace(ServiceDescriptor.Singleton<IObserverViewExchange>(views)));
            await host.StartAsync();
            _hosts[id] = host;
        }
    }

    [Fact]
    public async Task Views_ReachEveryObserver_AndAStoppedObserverAbstains()
    {
        await EventuallyAsync(async () => (await VotingAsync("obs-a")).Order().SequenceEqual(Observers), "obs-a to count the votes of all three observers");
        await EventuallyAsync(async () => (await VotingAsync("obs-c")).Order().SequenceEqual(Observers), "obs-c, too, to count all three: every instance judges with the same views");

        await _hosts["obs-c"].StopAsync();

        await EventuallyAsync(async () => !(await VotingAsync("obs-a")).Contains("obs-c"), "the stopped observer's view to go stale");
        // A probe slowed by a loaded machine may make a site Suspect for a turn: the claim is that the abstaining
        // observer leaves the two others to judge it healthy.
        await EventuallyAsync(
            async () => await SiteAsync("obs-a") is var site && site.GetProperty("observersAbstaining").TryGetProperty("obs-c", out _)
                && site.GetProperty("state").GetString() == "healthy",
            "two of three observers, obs-c abstaining, to see the site healthy");
    }

    [Fact]
    public async Task ReceiveView_UnderAnotherObserversName_Is400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"http://127.0.0.1:{_ports["obs-a"]}/api/v1/observers/obs-b/view"))
        {
            Content = JsonContent.Create(new { observerId = "obs-c", at = TimeProvider.System.GetUtcNow(), selfSuspect = false, sites = Array.Empty<object>() }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ControlPlaneServer.OperatorToken);

        var response = await _http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("not 'obs-b'");
    }

    [Fact]
    public async Task ObserveOnlyInstance_RefusesOperations()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{_ports["obs-b"]}/api/v1/operations"))
        {
            Content = JsonContent.Create(new { service = "ent-test", kind = "switchover" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ControlPlaneServer.OperatorToken);

        var response = await _http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("only observes");
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

    private Estate Estate()
    {
        var observers = string.Concat(Observers.Select(o => $"  - {{ id: {o}, failureDomain: fd-{o}, url: \"http://127.0.0.1:{_ports[o]}\" }}\n"));
        var yaml = string.Create(CultureInfo.InvariantCulture, $$"""
            providers: [{ id: p }]
            sites:
              - { id: site-a, provider: p, failureDomain: a, postgres: { host: 127.0.0.1, port: {{_cluster.Primary.Port}} } }
              - { id: site-b, provider: p, failureDomain: b, postgres: { host: 127.0.0.1, port: {{_cluster.Standbys[0].Port}} } }
            observers:
            {{observers}}policies:
              - { id: default, detection: { interval: 500ms, gracePeriod: 2s } }
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

    private async Task<JsonElement> SiteAsync(string observer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{_ports[observer]}/api/v1/status"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ControlPlaneServer.ViewerToken);
        using var response = await _http.SendAsync(request);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sites")[0];
    }

    private async Task<List<string>> VotingAsync(string observer) =>
        (await SiteAsync(observer)).GetProperty("observersVoting").EnumerateArray().Select(e => e.GetString()!).ToList();


    private static Task EventuallyAsync(Func<Task<bool>> condition, string what) =>
        Wait.UntilAsync(condition, TimeSpan.FromSeconds(30), what, () => "");
}
