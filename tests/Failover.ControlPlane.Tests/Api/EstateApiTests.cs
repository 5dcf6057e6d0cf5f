using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Failover.Testing;

namespace Failover.ControlPlane.Tests.Api;

public sealed class EstateApiTests(ControlPlaneServer server) : IClassFixture<ControlPlaneServer>
{
    [Fact]
    public async Task GetServices_WithoutToken_Is401ProblemDocument()
    {
        using var client = server.Client();

        var response = await client.GetAsync(new Uri("/api/v1/services", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task GetServices_WithUnknownToken_Is401()
    {
        using var client = server.Client("not-a-known-token-at-all");

        (await client.GetAsync(new Uri("/api/v1/services", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task GetServices_AsViewer_ListsServicesByPriority()
    {
        using var client = server.Client(ControlPlaneServer.ViewerToken);

        var services = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/services", UriKind.Relative));

        services.EnumerateArray().Select(s => s.GetProperty("id").GetString()).Should().Equal(ControlPlaneServer.ServiceId);
    }

    [Fact]
    public async Task GetService_Unknown_Is404ProblemNamingIt()
    {
        using var client = server.Client(ControlPlaneServer.ViewerToken);

        var response = await client.GetAsync(new Uri("/api/v1/services/ent-atlantis", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().Should().Be("no service 'ent-atlantis' in the estate");
    }

    [Fact]
    public async Task Healthz_IsAnonymous()
    {
        using var client = server.Client();

        (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Metrics_ArePrometheusText_WithTheProbesAndSiteStates()
    {
        using var client = server.Client();
        var body = "";

        await Failover.Testing.Wait.UntilAsync(
            async () => (body = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("failover_probe_results", StringComparison.Ordinal)
                && body.Contains("failover_site_state", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "probe results and site states in /metrics (a site's state comes with the control loop's first verdict)", () => body);

        body.Should().Contain("# TYPE").And.Contain("failover_site_state").And.Contain("failover_probe_duration");
    }
}
