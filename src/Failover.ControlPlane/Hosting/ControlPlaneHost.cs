using Failover.Agent.Client;
using Failover.ControlPlane.Api;
using Failover.ControlPlane.Auth;
using Failover.ControlPlane.Runtime;
using Failover.Core.Agents;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Core.Workloads;
using Failover.Drills;
using Failover.Drills.Switchover;
using Failover.Journal.Sqlite;
using Failover.Kubernetes;
using Failover.Postgres;
using Failover.Probes;
using Failover.Traffic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Serilog;

namespace Failover.ControlPlane.Hosting;

/// <summary>
/// Composes the control plane: every adapter through its own <c>AddFailover…</c> registration, the engine and the
/// control loop over them (<see cref="AddFailoverControlPlane"/>), and the <c>failover serve</c> web host around them:
/// API, authentication, problem details, logs and metrics (<see cref="Build"/>). <c>serve</c>, the lab and the tests
/// all build it here; a host that provides a seam of its own replaces it in the <c>configure</c> callback.
/// </summary>
public static class ControlPlaneHost
{
    public const string MeterPrefix = "Failover.";

    private const string PeersClientKey = "failover-peers";

    /// <summary>
    /// Registers what a control plane runs for <paramref name="estate"/>: the adapters, the journal and leadership
    /// <paramref name="highAvailability"/> describes, the engine with its options bound from <paramref name="settings"/>
    /// (<see cref="ControlPlaneSettings"/>, validated at start), and the control loop.
    /// </summary>
    public static IServiceCollection AddFailoverControlPlane(
        this IServiceCollection services, Estate estate, ControlPlaneOptions options, HighAvailabilityOptions highAvailability, IConfiguration? settings = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(highAvailability);
        if (highAvailability.Validate() is { } invalid)
        {
            throw new ArgumentException(invalid, nameof(highAvailability));
        }

        settings ??= ControlPlaneSettings.Defaults();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(estate);
        services.TryAddSingleton(options);
        services.TryAddSingleton(highAvailability);

        services.AddFailoverSettings<EngineOptions>(settings, ControlPlaneSettings.Engine, o => o.Validate());
        services.AddFailoverSettings<TrafficOptions>(settings, ControlPlaneSettings.Traffic, o => o.Validate());
        services.AddFailoverSettings<PostgresReplicationOptions>(settings, ControlPlaneSettings.Postgres, o => o.Validate());
        services.AddFailoverSettings<DrillOptions>(settings, ControlPlaneSettings.Drills, o => o.Validate());
        services.AddFailoverSettings<SwitchoverDrillOptions>(settings, ControlPlaneSettings.SwitchoverDrills, o => o.Validate());

        services.AddFailoverPostgres();
        services.AddFailoverProbes();
        services.AddFailoverTraffic();
        services.AddFailoverKubernetes(estate);
        if (highAvailability.SharedJournal() is { } shared)
        {
            services.AddFailoverKubernetesJournal(shared, highAvailability.Kubeconfig);
        }
        else
        {
            services.AddFailoverSqliteJournal(highAvailability.Journal);
        }

        if (highAvailability.LeaderElection)
        {
            services.AddFailoverLeaseLeadership(highAvailability.Lease(highAvailability.SharedJournal()), highAvailability.Kubeconfig);
        }

        services.AddFailoverDrills(DrillScheduleApi.Hold);

        services.AddFailoverSiteAgents(estate);

        // What the control plane does when no adapter takes the seam.
        var identity = options.ObserverId ?? ObserverIdentity.Implicit;
        services.TryAddSingleton<ILeadership>(options.Acts ? StaticLeadership.Always(identity) : StaticLeadership.Never(identity));
        services.TryAddSingleton<IWorkloadControl>(new UnmanagedWorkloads(estate));
        services.TryAddSingleton<IStandbyRebuild, RemoteRebuildUnavailable>();
        services.TryAddSingleton<ISiteAgents, NoSiteAgents>();
        if (options.PeerToken is { } peerToken)
        {
            services.TryAddKeyedSingleton(PeersClientKey, (_, _) => new HttpClient());
            services.TryAddSingleton<IObserverViewExchange>(sp => new HttpObserverViewExchange(
                estate, identity, peerToken, sp.GetRequiredKeyedService<HttpClient>(PeersClientKey), sp.GetRequiredService<ILogger<HttpObserverViewExchange>>()));
        }

        services.TryAddSingleton<IObserverViewExchange, InMemoryObserverViewExchange>();

        services.TryAddSingleton(sp => new EngineSeams(
            sp.GetRequiredService<IReplicationControl>(),
            sp.GetRequiredService<EstateRouters>().Routers,
            sp.GetRequiredService<IWorkloadControl>(),
            sp.GetRequiredService<IStandbyRebuild>(),
            [.. sp.GetServices<IPlanExtension>()]) { Agents = sp.GetRequiredService<ISiteAgents>() });
        services.TryAddSingleton(sp => new LeaseRenewer(estate, sp.GetRequiredService<ISiteAgents>(), sp.GetRequiredService<ILeadership>()));
        services.TryAddSingleton(sp => new LeaderEngine(
            sp.GetRequiredService<ILeadership>(),
            sp.GetRequiredService<IJournalStore>(),
            () => new FailoverEngine(
                estate, sp.GetRequiredService<EngineSeams>(), sp.GetRequiredService<IJournalStore>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<EngineOptions>>().Value, sp.GetRequiredService<ILoggerFactory>().CreateLogger<FailoverEngine>()),
            sp.GetRequiredService<ILogger<LeaderEngine>>()));
        services.TryAddSingleton<IActingEngine>(sp => sp.GetRequiredService<LeaderEngine>());
        services.TryAddSingleton<RuntimeStatus>();
        services.TryAddSingleton<EventFeed>();
        services.TryAddSingleton(sp => new HealthMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ControlLoop>());
        return services;
    }

    /// <summary>
    /// The <c>failover serve</c> web host over <see cref="AddFailoverControlPlane"/>. Fails here, before anything
    /// starts, when a setting is invalid (<see cref="OptionsValidationException"/>, naming it) or the journal or
    /// leadership cannot be opened.
    /// </summary>
    /// <param name="configure">Runs after the composition: a host replaces the seams it provides (<c>services.Replace(…)</c>).</param>
    /// <param name="settings">The tunable settings (<see cref="ControlPlaneSettings.Create"/>); null: every default.</param>
    public static WebApplication Build(
        ControlPlaneOptions options, Estate estate, TokenFile tokens, HighAvailabilityOptions highAvailability, Action<IServiceCollection>? configure = null,
        IConfiguration? settings = null, TimeProvider? time = null, Serilog.ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Url);
        builder.Services.AddSerilog(logger ?? ControlPlaneLogging.Create(options.JsonLogs), dispose: logger is null);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(tokens);
        builder.Services.AddFailoverControlPlane(estate, options, highAvailability, settings);
        configure?.Invoke(builder.Services);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Viewer, p => p.RequireRole("viewer", "operator", "admin"))
            .AddPolicy(Policies.Operator, p => p.RequireRole("operator", "admin"))
            .AddPolicy(Policies.Admin, p => p.RequireRole("admin"));
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(MeterPrefix + "*")
            .AddPrometheusExporter());

        var app = builder.Build();
        try
        {
            FailFast(app.Services);
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/healthz", () => Results.Text("ok"));
        // Followers are ready too (they observe, feed the quorum and serve status): readiness never depends on
        // leadership, so a Deployment never restarts or drains a replica for being a follower.
        app.MapGet("/readyz", (RuntimeStatus status, ILeadership leadership) => status.IsReady
            ? Results.Text(leadership.Current is { IsLeader: true } ? $"ready (leader: {leadership.Identity})" : $"ready (follower of {leadership.Current.Leader ?? "an unknown leader"})")
            : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "not ready", detail: "the control loop has not completed its first turn"));
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapEstateApi();
        app.MapDrillScheduleApi();
        app.MapOperationsApi();
        app.MapDrillsApi();
        return app;
    }

    /// <summary>Validates the settings and opens the journal and leadership now, so a bad one fails the build, not the start.</summary>
    private static void FailFast(IServiceProvider services)
    {
        services.GetService<IStartupValidator>()?.Validate();
        _ = services.GetRequiredService<IJournalStore>();
        _ = services.GetRequiredService<ILeadership>();
    }
}
