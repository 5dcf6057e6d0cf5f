using Failover.ControlPlane.Api;
using Failover.ControlPlane.Auth;
using Failover.ControlPlane.Runtime;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Leadership;
using Failover.Core.Topology;
using Failover.Drills.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Serilog;

namespace Failover.ControlPlane.Hosting;

/// <summary>Builds the <c>failover serve</c> web host: API, authentication, problem details, logs and metrics.</summary>
public static class ControlPlaneHost
{
    public const string MeterPrefix = "Failover.";

    public static WebApplication Build(ControlPlaneOptions options, Estate estate, TokenFile tokens, ControlPlaneComponents components, TimeProvider? time = null, Serilog.ILogger? logger = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Url);
        builder.Services.AddSerilog(logger ?? ControlPlaneLogging.Create(options.JsonLogs), dispose: logger is null);

        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(estate);
        builder.Services.AddSingleton(tokens);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(components);
        builder.Services.AddSingleton(components.Journal);
        builder.Services.AddSingleton<RuntimeStatus>();
        builder.Services.AddSingleton<EventFeed>();
        var identity = options.ObserverId ?? ObserverIdentity.Implicit;
        builder.Services.AddSingleton(components.Leadership ?? (options.Acts ? StaticLeadership.Always(identity) : StaticLeadership.Never(identity)));
        builder.Services.AddSingleton(sp => new LeaderEngine(
            sp.GetRequiredService<ILeadership>(),
            components.Journal,
            () => new FailoverEngine(
                estate, components.Seams, components.Journal, sp.GetRequiredService<TimeProvider>(), new EngineOptions(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<FailoverEngine>()),
            sp.GetRequiredService<ILogger<LeaderEngine>>()));
        builder.Services.AddSingleton(sp => new HealthMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.AddHostedService<ControlLoop>();
        builder.Services.AddDrills(estate, components); // issue 9c: switchover drills and the launcher of scheduled drills, before the fallback
        builder.Services.AddDrillScheduling(DrillScheduleApi.Freeze); // issue 9: drill schedules (idle without any); 9a registers IDrillLauncher
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
}
