using System.Net;
using Failover.Agent.Client;
using Failover.Configuration;
using Failover.ControlPlane.Auth;
using Failover.ControlPlane.Hosting;
using Failover.Core;
using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Secrets;
using Failover.Core.Traffic;
using Failover.Core.Workloads;
using Failover.Lab.DemoApp;
using Failover.Lab.Drills;
using Failover.Lab.Network;
using Failover.Postgres;
using Failover.Postgres.Programs;
using Failover.Postgres.Rejoin;
using Failover.Traffic;
using Failover.Traffic.Edge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;

namespace Failover.Lab;

/// <summary>
/// The lab's control side, in one process: in relay mode a relay per site (so a site can be partitioned from the
/// control plane and the edge while it keeps running; in namespace mode the bridge does this), the edge at http://127.0.0.1:8080, and the control plane at http://127.0.0.1:7400
/// driving the sites' databases, applications and the edge (and the lab's PowerDNS name, when it runs one), plus <c>/lab/partition</c> and <c>/lab/heal</c>.
/// </summary>
public static class LabHost
{
    public static async Task RunAsync(LabLayout layout, CancellationToken cancellationToken)
    {
        var estate = EstateLoader.LoadFile(layout.EstateFile).Estate
            ?? throw new InvalidOperationException($"the lab's estate {layout.EstateFile} is invalid: run `failover lab up` again to reset it");
        var logger = ControlPlaneLogging.Create(json: true);
        using var loggers = new SerilogLoggerFactory(logger);
        var network = layout.Network;
        var relays = new Dictionary<string, List<PartitionableRelay>>(StringComparer.Ordinal);
        foreach (var site in network.Mode == LabNetworkMode.Relay ? LabLayout.Sites : [])
        {
            relays[site.Id] =
            [
                Relay(network, site, LabLayout.PostgresPort),
                Relay(network, site, LabLayout.AppPort),
                Relay(network, site, LabLayout.AgentPort),
            ];
        }

        await using var edge = await EdgeProxy.StartAsync(new EdgeProxyOptions { ListenUrl = LabLayout.EdgeUrl }, loggers, cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        // A partitioned site's application never answers a connect (the packets are dropped): give up on it in seconds.
        using var workloadHttp = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(10) };
        var secrets = new EnvironmentAndFileSecretResolver();
        var adminToken = (await File.ReadAllTextAsync(layout.AdminTokenFile, cancellationToken)).Trim();
        await using var drillSandbox = LabDrills.Sandbox(layout, secrets, http, loggers);
        var options = new ControlPlaneOptions { ConfigFile = layout.EstateFile, TokensFile = layout.TokensFile, Url = LabLayout.ApiUrl.ToString(), ObserverId = "lab", JsonLogs = true };
        await using var app = ControlPlaneHost.Build(
            options, estate, TokenFile.Load(layout.TokensFile), new HighAvailabilityOptions { Journal = layout.JournalFile }, services =>
            {
                services.AddSingleton(edge);
                services.Replace(ServiceDescriptor.Singleton<ISecretResolver>(secrets));
                services.Replace(ServiceDescriptor.Singleton<IWorkloadControl>(DemoAppWorkloadControl.ForLab(workloadHttp, adminToken, network)));
                services.Replace(ServiceDescriptor.Singleton<IStandbyRebuild>(sp => new LabStandbyRebuild(new AgentStandbyRebuild(sp.GetRequiredService<HttpSiteAgents>()), secrets)));
                services.AddLabDrills(layout, drillSandbox, http);
                if (LabPowerDns.IsConfigured(layout))
                {
                    services.Replace(ServiceDescriptor.Singleton(sp => WithLabDns(layout, sp)));
                }
            },
            ControlPlaneSettings.Create(new Dictionary<string, string?>()), logger: logger);
        if (network.Mode == LabNetworkMode.Relay)
        {
            MapLabEndpoints(app, relays);
        }

        if ((await app.Services.GetRequiredService<IJournalStore>().ListOperationsAsync(activeOnly: false, cancellationToken)).Count == 0)
        {
            var seams = app.Services.GetRequiredService<EngineSeams>();
            await ActivateInitialPrimaryAsync(estate.Service(LabLayout.ServiceId), estate, seams.Workloads, seams.Routers, cancellationToken);
        }

        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
        foreach (var relay in relays.Values.SelectMany(r => r))
        {
            await relay.DisposeAsync();
        }
    }

    /// <summary>
    /// When the lab runs a PowerDNS server, the edge router also moves the service's DNS name there (see
    /// <see cref="LabTrafficRouter"/>); the PowerDNS router comes from the container's router factory.
    /// </summary>
    private static EstateRouters WithLabDns(LabLayout layout, IServiceProvider services)
    {
        var factory = services.GetRequiredService<ITrafficRouterFactory>();
        var dns = factory.Create(new LabPowerDns(layout).RouterSpec);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Failover.Lab.Dns");
        var estate = services.GetRequiredService<Core.Topology.Estate>();
        return new EstateRouters(
            [.. EstateRouters.For(estate, factory).Routers.Select(r => r.Kind == "edge" ? new LabTrafficRouter(r, dns, LabPowerDns.RouterId, logger) : r)]);
    }

    private static PartitionableRelay Relay(LabNetwork network, LabSite site, int port)
    {
        var relay = new PartitionableRelay(new IPEndPoint(network.PublicAddress(site), port), new IPEndPoint(network.ListenAddress(site), port));
        relay.Start();
        return relay;
    }

    /// <summary>A new lab serves from its first site: its application points at its primary, the edge at its application.</summary>
    private static async Task ActivateInitialPrimaryAsync(
        Core.Topology.Service service, Core.Topology.Estate estate, IWorkloadControl workloads, IReadOnlyList<ITrafficRouter> routers, CancellationToken cancellationToken)
    {
        var site = estate.Site(service.PrimarySiteId);
        var activated = await workloads.ActivateAsync(
            new WorkloadRequest(service.Id, site.Id, Epoch.Initial, "lab-up", site.Postgres[0], TimeSpan.FromSeconds(10)), cancellationToken);
        if (!activated.Succeeded)
        {
            throw new InvalidOperationException($"could not activate the application at {site.Id}: {activated.Detail}");
        }

        var router = routers.First(r => r.Kind == "edge");
        var switched = await router.SwitchAsync(
            new SwitchRequest(new TrafficRoute(service.Id, service.Traffic.RouterId, service.Traffic.DnsName), [Core.Operations.Members.TrafficTarget(estate, service, site.Id)],
                service.Traffic.Ttl, Epoch.Initial, TimeSpan.FromSeconds(10)),
            cancellationToken);
        if (switched.Outcome is not (SwitchOutcome.Applied or SwitchOutcome.AlreadyInPlace))
        {
            throw new InvalidOperationException($"could not point the edge at {site.Id}: {switched.Reason}");
        }
    }

    private static void MapLabEndpoints(IEndpointRouteBuilder app, Dictionary<string, List<PartitionableRelay>> relays)
    {
        var lab = app.MapGroup("/lab").RequireAuthorization(Policies.Admin);
        lab.MapGet("/relays", () => relays.ToDictionary(r => r.Key, r => r.Value.All(x => x.IsPartitioned) ? "partitioned" : "connected"));
        lab.MapPost("/partition/{site}", (string site) => Change(relays, site, r => r.Partition(), "partitioned"));
        lab.MapPost("/heal/{site}", (string site) => Change(relays, site, r => r.Heal(), "connected"));
    }

    private static IResult Change(Dictionary<string, List<PartitionableRelay>> relays, string site, Action<PartitionableRelay> change, string state)
    {
        if (!relays.TryGetValue(site, out var siteRelays))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "unknown site", detail: $"no lab site '{site}': expected one of {string.Join(", ", relays.Keys)}");
        }

        siteRelays.ForEach(change);
        return Results.Ok(new { site, state });
    }
}
