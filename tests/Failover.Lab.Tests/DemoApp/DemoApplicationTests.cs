using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Failover.Lab.DemoApp;
using Failover.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Failover.Lab.Tests.DemoApp;

/// <summary>One real PostgreSQL primary with the demo schema, shared by the demo application's tests.</summary>
public sealed class DemoDatabase : IAsyncLifetime
{
    public PostgresCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await PostgresCluster.StartAsync(standbys: 0);
        await using var connection = new NpgsqlConnection(Cluster.Primary.ApplicationConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(DemoApplication.SchemaSql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

public sealed class DemoApplicationTests(DemoDatabase database) : IClassFixture<DemoDatabase>, IAsyncLifetime
{
    private const string AdminToken = "lab-admin-token-0123456789";
    private readonly PostgresCluster _cluster = database.Cluster;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = DemoApplication.Build(new DemoAppOptions("ovh-sbg", "http://127.0.0.1:0", AdminToken, _cluster.Database, _cluster.ApplicationUser, _cluster.ApplicationPassword));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    [Fact]
    public async Task Inactive_IsAliveButRefusesToServe()
    {
        var health = await _client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var write = await _client.PostAsJsonAsync(new Uri("/api/homework", UriKind.Relative), new { title = "x" });

        health.StatusCode.Should().Be(HttpStatusCode.OK);
        (await health.Content.ReadAsStringAsync()).Should().Be("ok standby");
        health.Headers.GetValues(DemoApplication.SiteHeader).Should().Equal("ovh-sbg");
        write.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Activated_WritesHomeworkAfterCommitAndReadsItBack()
    {
        (await ActivateAsync(epoch: 1)).StatusCode.Should().Be(HttpStatusCode.OK);

        var created = await _client.PostAsJsonAsync(new Uri("/api/homework", UriKind.Relative), new { title = "Exercice 3 p. 42" });

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await _cluster.Primary.ScalarAsync<string>($"SELECT title FROM homework WHERE id = {id}")).Should().Be("Exercice 3 p. 42", "201 comes after the commit");
        var read = await _client.GetFromJsonAsync<JsonElement>(new Uri($"/api/homework/{id}", UriKind.Relative));
        read.GetProperty("title").GetString().Should().Be("Exercice 3 p. 42");
        (await _client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Post_WithoutTitle_Is400Problem()
    {
        await ActivateAsync(epoch: 1);

        var response = await _client.PostAsJsonAsync(new Uri("/api/homework", UriKind.Relative), new { subject = "maths" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("'title' is required");
    }

    [Fact]
    public async Task Activate_OlderEpoch_IsRefusedAndTheTargetKept()
    {
        await ActivateAsync(epoch: 5);

        var stale = await ActivateAsync(epoch: 4, port: 1);

        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await _client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK, "the epoch-5 target is still in use");
    }

    [Fact]
    public async Task Deactivate_StopsServing()
    {
        await ActivateAsync(epoch: 2);

        using var request = Admin(HttpMethod.Put, "/admin/deactivate", new { epoch = 2 });
        (await _client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await _client.PostAsJsonAsync(new Uri("/api/homework", UriKind.Relative), new { title = "x" })).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Admin_WithoutToken_Is401()
    {
        var response = await _client.PutAsJsonAsync(new Uri("/admin/activate", UriKind.Relative), new { host = "127.0.0.1", port = 1, epoch = 9 });

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task<HttpResponseMessage> ActivateAsync(long epoch, int? port = null)
    {
        using var request = Admin(HttpMethod.Put, "/admin/activate", new { host = "127.0.0.1", port = port ?? _cluster.Primary.Port, epoch });
        return await _client.SendAsync(request);
    }

    private static HttpRequestMessage Admin(HttpMethod method, string path, object body)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        return request;
    }
}
