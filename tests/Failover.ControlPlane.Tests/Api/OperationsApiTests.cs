using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Failover.ControlPlane.Api;
using Failover.Core;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Testing;

namespace Failover.ControlPlane.Tests.Api;

public sealed class OperationsApiTests(ControlPlaneServer server) : IClassFixture<ControlPlaneServer>
{
    private static readonly Uri Operations = new("/api/v1/operations", UriKind.Relative);

    [Fact]
    public async Task Request_AsViewer_Is403Problem()
    {
        using var client = server.Client(ControlPlaneServer.ViewerToken);

        var response = await client.PostAsJsonAsync(Operations, new { service = ControlPlaneServer.ServiceId, kind = "switchover", target = "site-b" });

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Request_WithoutToken_Is401()
    {
        using var client = server.Client();

        (await client.PostAsJsonAsync(Operations, new { service = ControlPlaneServer.ServiceId, kind = "switchover" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Request_MalformedJson_Is400Problem()
    {
        using var client = server.Client(ControlPlaneServer.OperatorToken);
        using var body = new StringContent("{\"service\": ", Encoding.UTF8, "application/json");

        var response = await client.PostAsync(Operations, body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("{\"kind\": \"switchover\"}", "'service' is required")]
    [InlineData("{\"service\": \"ent-atlantis\", \"kind\": \"switchover\"}", "'service': no service 'ent-atlantis'")]
    [InlineData("{\"service\": \"ent-test\", \"kind\": \"teleport\"}", "'kind' must be one of")]
    [InlineData("{\"service\": \"ent-test\", \"kind\": \"switchover\", \"target\": \"site-z\"}", "'target': no site 'site-z'")]
    [InlineData("{\"service\": \"ent-test\", \"kind\": \"switchover\", \"force\": true}", "'force' applies to a failover only")]
    public async Task Request_InvalidField_Is400NamingTheField(string json, string expected)
    {
        using var client = server.Client(ControlPlaneServer.OperatorToken);
        using var body = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await client.PostAsync(Operations, body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().StartWith(expected);
    }

    [Fact]
    public void OperationView_OfAJournaledOperation_ShowsEveryPartUnderItsApiName()
    {
        var at = new DateTimeOffset(2026, 3, 10, 0, 47, 0, TimeSpan.Zero);
        var op = new OperationRecord(
            "op-000007-failover-ent-1", "ent-1", OperationKind.Failover, OperationStatus.Running,
            new RecordedRequest("alice", "fire", ["observers down: obs-a, obs-b"], at, Force: true, ExpiresAt: at.AddMinutes(5), DetectedAt: at.AddSeconds(-30)),
            new RecordedPlan("ovh-sbg", "ovh-rbx", "preference #1", new Epoch(3), new Epoch(4), ["bump-epoch", "promote-target"],
                new DataLossQuote(1234, TimeSpan.FromSeconds(2), false, "basis"), ApprovalRequired: true, ApprovalWhy: "beyond budget"),
            OperationProgress.None with { ApprovedBy = "bob", StartedAt = at.AddMinutes(1), NextStep = 2, PointOfNoReturnPassed = true, AnyStepActed = true },
            OperationOutcome.Pending with { MeasuredDataLossBytes = 1234 }).Ended(OperationStatus.Succeeded, at.AddMinutes(2), "succeeded", TimeSpan.FromSeconds(90));

        var json = JsonSerializer.Serialize(OperationView.From(op), ApiJson.Options);

        const string Expected = """
            {
              "id": "op-000007-failover-ent-1", "service": "ent-1", "kind": "failover", "status": "succeeded", "requestedBy": "alice", "reason": "fire",
              "source": "ovh-sbg", "target": "ovh-rbx", "targetWhy": "preference #1", "epoch": 4, "steps": ["bump-epoch", "promote-target"], "nextStep": 2,
              "pointOfNoReturnPassed": true, "quote": "1234 bytes / 2 s (BEYOND budget; basis)", "approvalRequired": true, "approvalWhy": "beyond budget",
              "approvedBy": "bob", "force": true, "createdAt": "2026-03-10T00:47:00+00:00", "startedAt": "2026-03-10T00:48:00+00:00",
              "endedAt": "2026-03-10T00:49:00+00:00", "rtoSeconds": 90, "dataLossBytes": 1234, "outcome": "succeeded", "evidence": ["observers down: obs-a, obs-b"]
            }
            """;
        JsonNode.Parse(json)!.ToJsonString().Should().Be(JsonNode.Parse(Expected)!.ToJsonString(), "API clients (the CLI) read these names, in this order");
    }

    [Fact]
    public async Task Operation_Unknown_Is404()
    {
        using var client = server.Client(ControlPlaneServer.ViewerToken);

        (await client.GetAsync(new Uri("/api/v1/operations/op-nope", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Switchover_PreviewThenRequest_RunsOnRealPostgresAndIsJournaledWithTheCaller()
    {
        using var viewer = server.Client(ControlPlaneServer.ViewerToken);
        using var op = server.Client(ControlPlaneServer.OperatorToken);
        await server.WaitUntilSwitchoverPossibleAsync();

        var preview = await viewer.PostAsJsonAsync(new Uri("/api/v1/operations/preview", UriKind.Relative), new { service = ControlPlaneServer.ServiceId, kind = "switchover", target = "site-b" });
        preview.StatusCode.Should().Be(HttpStatusCode.OK, await preview.Content.ReadAsStringAsync());
        var plan = await preview.Content.ReadFromJsonAsync<JsonElement>();
        plan.GetProperty("target").GetString().Should().Be("site-b");
        plan.GetProperty("steps").GetArrayLength().Should().BePositive();

        var created = await op.PostAsJsonAsync(Operations, new { service = ControlPlaneServer.ServiceId, kind = "switchover", target = "site-b", reason = "maintenance at site-a" });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("operationId").GetString();

        var last = "";
        var done = await EventuallyAsync(async () =>
        {
            var o = await viewer.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/operations/{id}", UriKind.Relative));
            last = o.ToString();
            return o.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled" ? o : (JsonElement?)null;
        }, () => $"the switchover to finish; last seen: {last}");
        done.GetProperty("status").GetString().Should().Be("succeeded", done.GetProperty("outcome").ToString());
        done.GetProperty("requestedBy").GetString().Should().Be("oscar");
        done.GetProperty("journal").EnumerateArray().Should().NotBeEmpty();
        (await server.Cluster.Standbys[0].ScalarAsync<bool>("SELECT pg_is_in_recovery()")).Should().BeFalse("site-b was promoted");
        var status = await viewer.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/status", UriKind.Relative));
        status.GetProperty("services")[0].GetProperty("primary").GetString().Should().Be("site-b");
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what) =>
        await EventuallyAsync(async () => await condition() ? true : (bool?)null, () => what);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> read, Func<string> what)
        where T : struct
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await read() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"timed out waiting for {what()}");
    }
}
