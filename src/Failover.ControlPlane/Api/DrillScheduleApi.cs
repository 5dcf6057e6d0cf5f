using Failover.ControlPlane.Auth;
using Failover.ControlPlane.Runtime;
using Failover.Core.Topology;
using Failover.Drills.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Failover.ControlPlane.Api;

/// <summary>
/// <c>GET /api/v1/drills/schedule?count=N&amp;service=ID</c>: the next firing times of every drill schedule (local and
/// UTC, the excluded ones with their calendars), whether drills are held per service (frozen, in the JSON) and why, and the recent
/// firings of the running scheduler.
/// </summary>
internal static class DrillScheduleApi
{
    public const int MaxCount = 100;

    public static RouteGroupBuilder MapDrillScheduleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/drills").RequireAuthorization(Policies.Viewer);
        api.MapGet("/schedule", (Estate estate, TimeProvider time, IServiceProvider services, int? count, string? service) =>
        {
            if (count is < 1 or > MaxCount)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid count", detail: $"count must be from 1 to {MaxCount}, found {count}");
            }

            if (service is not null && estate.Services.All(s => s.Id != service))
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "unknown service", detail: $"no service '{service}' in the estate");
            }

            var hold = services.GetService<IDrillHold>();
            var scheduler = services.GetService<DrillSchedulerService>();
            var forecasts = new DrillScheduleCalculator(estate, time).Forecast(count ?? 5, service);
            return Results.Ok(new DrillScheduleView(
                time.GetUtcNow(),
                scheduler?.IsRunning ?? false,
                forecasts.Select(f => DrillScheduleItem.From(f, hold?.Check(f.ServiceId))).ToList(),
                scheduler?.Firings.Recent().Where(f => service is null || f.ServiceId == service).Reverse().ToList() ?? []));
        });
        return api;
    }

    /// <summary>
    /// The drill hold over the control loop's latest turn: held while a site of the service is not Healthy (or has no
    /// verdict yet) or an operation is active on it. For the host: <c>services.AddFailoverDrills(DrillScheduleApi.Hold)</c>.
    /// </summary>
    public static IDrillHold Hold(IServiceProvider services)
    {
        var status = services.GetRequiredService<RuntimeStatus>();
        return DrillHold.FromIncidents(
            services.GetRequiredService<Estate>(),
            site => status.Latest.Verdicts.FirstOrDefault(v => v.SiteId == site)?.State,
            serviceId => status.Latest.ActiveOperations.FirstOrDefault(o => o.ServiceId == serviceId) is { } op
                ? $"{op.Kind.ToString().ToLowerInvariant()} {op.Id}"
                : null);
    }
}
