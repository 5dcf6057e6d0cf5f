using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Failover.Testing;

namespace Failover.ControlPlane.Tests.Api;

/// <summary>The drills API of `failover serve` (no drill sandbox: isolated drills are refused with the reason).</summary>
public sealed class DrillsApiTests(ControlPlaneServer server) : IClassFixture<ControlPlaneServer>
{
    private static readonly Uri Drills = new("/api/v1/drills", UriKind.Relative);

    [Fact]
    public async Task Run_AsViewer_Is403()
    {
        using var client = server.Client(ControlPlaneServer.ViewerToken);

        var response = await client.PostAsJsonAsync(Drills, new { service = ControlPlaneServer.ServiceId, kind = "isolated" });

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("ent-atlantis", "isolated", "service: 'ent-atlantis' is not a service")]
    [InlineData(null, "isolated", "service: '' is not a service")]
    [InlineData("ent-test", "chaos", "kind: 'chaos' is not a drill kind")]
    public async Task Run_InvalidField_Is400NamingTheField(string? service, string kind, string expected)
    {
        using var client = server.Client(ControlPlaneServer.OperatorToken);

        var response = await client.PostAsJsonAsync(Drills, new { service, kind });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().StartWith(expected);
    }

    [Fact]
    public async Task Run_IsolatedWithoutASandbox_Is409WithTheReason()
    {
        using var client = server.Client(ControlPlaneServer.OperatorToken);

        var response = await client.PostAsJsonAsync(Drills, new { service = ControlPlaneServer.ServiceId, kind = "isolated" });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("no drill sandbox");
    }

    [Fact]
    public async Task Run_SwitchoverOutsideAMaintenanceWindow_Is409WithTheReason()
    {
        using var client = server.Client(ControlPlaneServer.OperatorToken);

        var response = await client.PostAsJsonAsync(Drills, new { service = ControlPlaneServer.ServiceId, kind = "switchover" });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("maintenance window");
    }

    [Fact]
    public async Task History_AsViewer_IsAList()
    {
        using var client = server.Client(ControlPlaneServer.ViewerToken);

        var history = await client.GetFromJsonAsync<JsonElement>(Drills);

        history.ValueKind.Should().Be(JsonValueKind.Array);
    }

    [Fact]
    public async Task Show_UnknownDrill_Is404Problem()
    {
        using var client = server.Client(ControlPlaneServer.ViewerToken);

        var response = await client.GetAsync(new Uri("/api/v1/drills/op-999999-drill-nowhere", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
