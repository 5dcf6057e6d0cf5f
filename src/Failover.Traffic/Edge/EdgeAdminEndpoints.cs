using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Failover.Traffic.Edge;

/// <summary>
/// The edge's admin listener: <c>GET /routes</c>, <c>GET /routes/{serviceId}</c>, <c>PUT /routes/{serviceId}</c>
/// (an <see cref="EdgeServiceRoute"/>; 200 applied or already in place, 409 stale epoch, 400 invalid), behind a
/// bearer token when one is configured.
/// </summary>
internal static class EdgeAdminEndpoints
{
    public static WebApplication Build(Uri url, string? token, ILoggerFactory loggers, Func<EdgeProxy> proxy)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(EdgeProxy).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.Replace(ServiceDescriptor.Singleton(loggers));
        builder.WebHost.UseUrls(url.ToString());
        var app = builder.Build();
        if (token is not null)
        {
            var expected = Encoding.UTF8.GetBytes($"Bearer {token}");
            app.Use(async (context, next) =>
            {
                var presented = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
                if (!CryptographicOperations.FixedTimeEquals(presented, expected))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    await context.Response.WriteAsync("edge admin: missing or wrong bearer token", context.RequestAborted);
                    return;
                }

                await next(context);
            });
        }

        app.MapGet("/routes", () => Results.Json(
            proxy().Routes.Select(r => new EdgeRouteStatus(r, proxy().IsLive(r))).ToList(), EdgeJson.Default.ListEdgeRouteStatus));
        app.MapGet("/routes/{serviceId}", (string serviceId) => proxy().Read(serviceId) is { } route
            ? Results.Json(new EdgeRouteStatus(route, proxy().IsLive(route)), EdgeJson.Default.EdgeRouteStatus)
            : Results.NotFound());
        app.MapPut("/routes/{serviceId}", async (string serviceId, HttpRequest request) =>
        {
            EdgeServiceRoute? route;
            try
            {
                route = await request.ReadFromJsonAsync(EdgeJson.Default.EdgeServiceRoute, request.HttpContext.RequestAborted);
            }
            catch (JsonException ex)
            {
                return Results.Json(new EdgeApplyResult(EdgeApplyOutcome.Invalid, $"body is not an edge route: {ex.Message}", null), EdgeJson.Default.EdgeApplyResult, statusCode: 400);
            }

            if (route is null || route.ServiceId != serviceId)
            {
                return Results.Json(new EdgeApplyResult(EdgeApplyOutcome.Invalid, $"body must be the route of service {serviceId}", null), EdgeJson.Default.EdgeApplyResult, statusCode: 400);
            }

            var result = proxy().Apply(route);
            var status = result.Outcome switch
            {
                EdgeApplyOutcome.RefusedStaleEpoch => 409,
                EdgeApplyOutcome.Invalid => 400,
                _ => 200,
            };
            return Results.Json(result, EdgeJson.Default.EdgeApplyResult, statusCode: status);
        });
        return app;
    }
}
