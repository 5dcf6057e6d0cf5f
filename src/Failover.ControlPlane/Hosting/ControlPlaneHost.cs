using Failover.ControlPlane.Api;
using Failover.ControlPlane.Auth;
using Failover.Core.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Serilog;
using Serilog.Formatting.Compact;

namespace Failover.ControlPlane.Hosting;

/// <summary>Builds the <c>failover serve</c> web host: API, authentication, problem details, logs and metrics.</summary>
public static class ControlPlaneHost
{
    public const string MeterPrefix = "Failover.";

    public static WebApplication Build(ControlPlaneOptions options, Estate estate, TokenFile tokens, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Url);
        builder.Services.AddSerilog(log =>
        {
            log.MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", Serilog.Events.LogEventLevel.Error)
                .Enrich.FromLogContext();
            if (options.JsonLogs)
            {
                log.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                log.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}");
            }
        });

        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(estate);
        builder.Services.AddSingleton(tokens);
        builder.Services.AddSingleton(options);
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
        app.MapGet("/readyz", () => Results.Text("ready"));
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapEstateApi();
        return app;
    }
}
