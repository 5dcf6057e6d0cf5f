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

public sealed record SiteView(string Id, string Provider, string Location, string FailureDomain, IReadOnlyList<string> Postgres, IReadOnlyList<string> Ingress)
{
    public static SiteView From(Site site) =>
        new(site.Id, site.ProviderId, site.Location, site.FailureDomain, site.Postgres.Select(p => p.ToString()).ToList(), site.Ingress.Select(a => a.ToString()).ToList());
}

public sealed record ServiceView(
    string Id, string DisplayName, string ConfiguredPrimary, IReadOnlyList<string> Standbys, string Replication, string DnsName, string Router, double RtoSeconds, double RpoSeconds)
{
    public static ServiceView From(Service s) => new(
        s.Id, s.DisplayName, s.PrimarySiteId, s.StandbySiteIds, s.Database.Replication.ToString().ToLowerInvariant(),
        s.Traffic.DnsName, s.Traffic.RouterId, s.Targets.Rto.TotalSeconds, s.Targets.Rpo.TotalSeconds);
}
