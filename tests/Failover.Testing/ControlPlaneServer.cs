using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Failover.Configuration;
using Failover.ControlPlane.Auth;
using Failover.ControlPlane.Hosting;
using Failover.Core.Agents;
using Failover.Core.Topology;
using Failover.Traffic.Edge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Testing;

/// <summary>
/// A real control plane on a free loopback port, driving a real PostgreSQL primary and standby (two sites) and an
/// in-process edge, with one token per role and its journal in a temporary directory.
/// </summary>
public sealed class ControlPlaneServer : IAsyncLifetime
{
    public const string ViewerToken = "viewer-token-0123456789";
    public const string OperatorToken = "operator-token-0123456789";
    public const string AdminToken = "admin-token-0123456789";
    public const string ServiceId = "ent-test";

    private readonly string _directory = Directory.CreateTempSubdirectory("failover-cp-").FullName;
    private WebApplication? _app;
    private WebApplication? _siteApp;
    private EdgeProxy? _edge;

    public PostgresCluster Cluster { get; private set; } = null!;

    public Estate Estate { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1");

    /// <summary>Site agents to compose in place of none (set before <see cref="InitializeAsync"/>).</summary>
    public ISiteAgents? Agents { get; init; }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>
    /// Waits (bounded) until the control loop has turned, both sites are judged healthy and the standby has been
    /// observed: before that a switchover to it is rightly refused.
    /// </summary>
    public async Task WaitUntilSwitchoverPossibleAsync()
    {
        using var client = Client(ViewerToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var response = await client.GetAsync(new Uri("/api/v1/status", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                var status = await response.Content.ReadFromJsonAsync<JsonElement>();
                last = status.ToString();
                var sitesHealthy = status.GetProperty("sites").EnumerateArray().All(s => s.GetProperty("state").GetString() == "healthy");
                var standbySeen = status.GetProperty("services")[0].GetProperty("members").EnumerateArray().Any(m => m.GetProperty("role").GetString() == "standby");
                if (status.GetProperty("ready").GetBoolean() && sitesHealthy && standbySeen)
                {
                    return;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the control plane did not see both sites healthy within 60 s; last status: {last}");
    }

    public async Task InitializeAsync()
    {
        Cluster = await PostgresCluster.StartAsync(standbys: 1);

        // The application both sites' ingress leads to: enough for health probes and edge upstreams.
        var siteBuilder = WebApplication.CreateSlimBuilder();
        siteBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        _siteApp = siteBuilder.Build();
        _siteApp.MapGet("/healthz", () => "ok");
        await _siteApp.StartAsync();
        var appPort = new Uri(_siteApp.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var yaml = string.Create(CultureInfo.InvariantCulture, $$"""
            providers: [{ id: p }]
            sites:
              - { id: site-a, provider: p, failureDomain: a, postgres: { host: 127.0.0.1, port: {{Cluster.Primary.Port}} }, ingress: [127.0.0.1] }
              - { id: site-b, provider: p, failureDomain: b, postgres: { host: 127.0.0.1, port: {{Cluster.Standbys[0].Port}} }, ingress: [127.0.0.1] }
            policies:
              - { id: default, detection: { interval: 200ms, gracePeriod: 2s } }
            routers:
              - { id: edge, kind: edge }
            services:
              - id: {{ServiceId}}
                primary: site-a
                standbys: [site-b]
                database: { name: {{Cluster.Database}}, user: postgres, passwordFile: {{Cluster.SuperuserSecretFile}}, replication: async, maxLagBytes: 16MB }
                health: { http: { scheme: http, port: {{appPort}}, path: /healthz } }
                traffic: { router: edge, name: ent.test.example. }
            """);
        var loaded = EstateLoader.Load(yaml);
        Estate = loaded.Estate ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics.Select(d => d.Format("test estate"))));
        _edge = await EdgeProxy.StartAsync(new EdgeProxyOptions { ListenUrl = new Uri("http://127.0.0.1:0") }, NullLoggerFactory.Instance, CancellationToken.None);
        var tokens = TokenFile.Parse($"{ViewerToken},vera,viewer\n{OperatorToken},oscar,operator\n{AdminToken},ada,admin\n", "test");
        _app = ControlPlaneHost.Build(
            new ControlPlaneOptions { ConfigFile = "test", TokensFile = "test", Url = "http://127.0.0.1:0", JsonLogs = true }, Estate, tokens,
            new HighAvailabilityOptions { Journal = Path.Combine(_directory, "journal.db") }, services =>
            {
                services.AddSingleton(_edge);
                if (Agents is { } agents)
                {
                    services.AddSingleton(agents);
                }
            });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_siteApp is not null)
        {
            await _siteApp.StopAsync();
            await _siteApp.DisposeAsync();
        }

        if (_edge is not null)
        {
            await _edge.DisposeAsync();
        }

        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
