using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Failover.Testing;

namespace Failover.ControlPlane.Tests.Api;

/// <summary>GET /api/v1/drills/schedule on the real control plane (whose test estate has no drill schedule).</summary>
public sealed class DrillScheduleApiTests(ControlPlaneServer server) : IClassFixture<ControlPlaneServer>
{
    [Fact]
    public async Task GetSchedule_WithoutToken_Is401()
    {
        using var client = server.Client();

        (await client.GetAsync(new Uri("/api/v1/drills/schedule", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task GetSchedule_EstateWithoutSchedules_IsEmptyAndTheSchedulerIdle()
    {
        using var client = server.Client(ControlPlaneServer.ViewerToken);

        var view = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/drills/schedule", UriKind.Relative));

        view.GetProperty("schedulerRunning").GetBoolean().Should().BeFalse();
        view.GetProperty("schedules").GetArrayLength().Should().Be(0);
        view.GetProperty("recentFirings").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("/api/v1/drills/schedule?count=0", HttpStatusCode.BadRequest, "count must be from 1 to 100, found 0")]
    [InlineData("/api/v1/drills/schedule?service=ent-atlantis", HttpStatusCode.NotFound, "no service 'ent-atlantis' in the estate")]
    public async Task GetSchedule_BadQuery_IsAProblemNamingIt(string url, HttpStatusCode status, string detail)
    {
        using var client = server.Client(ControlPlaneServer.ViewerToken);

        var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        response.StatusCode.Should().Be(status);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Be(detail);
    }
}
