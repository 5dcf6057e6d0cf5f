using Failover.ControlPlane.Auth;
using Failover.Core.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Failover.ControlPlane.Api;

/// <summary>Read endpoints for the estate: sites and services.</summary>
internal static class EstateApi
{
    public static RouteGroupBuilder MapEstateApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Viewer);
        api.MapGet("/sites", (Estate estate) => estate.Sites.Select(SiteView.From));
        api.MapGet("/services", (Estate estate) => estate.Services.OrderBy(s => s.Priority).Select(ServiceView.From));
        api.MapGet("/services/{id}", (string id, Estate estate) =>
            estate.Services.FirstOrDefault(s => s.Id == id) is { } service
                ? Results.Ok(ServiceView.From(service))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "unknown service", detail: $"no service '{id}' in the estate"));
        return api;
    }
}
