using System.Net.Http.Json;
using System.Text.Json;
using Failover.Agent;
using Failover.Agent.Json;
using Failover.Core.Agents;
using Failover.Testing;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace Failover.Agent.Tests;

/// <summary>
/// A site agent started in-process on a real PostgreSQL data directory: the cluster's primary, stopped, handed over to
/// the agent, which runs it as its own child. Dispose stops the agent, then the cluster kills any server left by PID.
/// </summary>
internal sealed class AgentUnderTest : IAsyncDisposable
{
    private WebApplication? _app;

    private AgentUnderTest(PostgresCluster cluster, PostgresInstance member, TemporaryDirectory state, AgentOptions options)
    {
        Cluster = cluster;
        Member = member;
        State = state;
        Options = options;
        Http = new HttpClient { BaseAddress = new Uri($"http://{options.Listen}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public PostgresCluster Cluster { get; }

    public PostgresInstance Member { get; }

    public TemporaryDirectory State { get; }

    public AgentOptions Options { get; }

    public HttpClient Http { get; }

    /// <summary>A fresh cluster (with <paramref name="standbys"/>) whose primary is stopped and given to an agent (not started yet).</summary>
    public static async Task<AgentUnderTest> CreateAsync(int standbys = 0, string? appStopCommand = null, string? appStartCommand = null)
    {
        var cluster = await PostgresCluster.StartAsync(standbys);
        await cluster.Primary.StopAsync();
        var state = new TemporaryDirectory();
        return new AgentUnderTest(cluster, cluster.Primary, state, OptionsFor(cluster, cluster.Primary, state.Path, appStopCommand, appStartCommand));
    }

    /// <summary>A fresh cluster with one streaming standby, which is stopped and given to an agent (not started yet); the primary keeps running.</summary>
    public static async Task<AgentUnderTest> CreateForStandbyAsync()
    {
        var cluster = await PostgresCluster.StartAsync(standbys: 1);
        var standby = cluster.Standbys[0];
        await standby.StopAsync();
        var state = new TemporaryDirectory();
        return new AgentUnderTest(cluster, standby, state, OptionsFor(cluster, standby, state.Path));
    }

    public static AgentOptions OptionsFor(PostgresCluster cluster, PostgresInstance member, string stateDirectory, string? appStopCommand = null, string? appStartCommand = null) => new()
    {
        ServiceId = "ent-test",
        SiteId = member.Name,
        DataDirectory = member.DataDirectory,
        StateDirectory = stateDirectory,
        Listen = $"127.0.0.1:{FreePort.Tcp()}",
        InsecureLoopback = true,
        PostgresBin = cluster.Programs.BinDirectory,
        PostgresOptions = ServerOptions(cluster, member),
        RunAs = cluster.Programs.RunAsUser,
        DbPort = member.Port,
        PasswordFile = cluster.SuperuserSecretFile,
        ServerLog = member.LogFile,
        AppStopCommand = appStopCommand,
        AppStartCommand = appStartCommand,
    };

    public static Dictionary<string, string> ServerOptions(PostgresCluster cluster, PostgresInstance member) => new(StringComparer.Ordinal)
    {
        ["port"] = member.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["listen_addresses"] = "127.0.0.1",
        ["unix_socket_directories"] = cluster.RootDirectory,
        ["cluster_name"] = member.Name,
    };

    public async Task StartAsync()
    {
        _app = AgentHost.Build(Options, logging => { });
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async Task<HttpResponseMessage> GrantAsync(long epoch, bool primary, TimeSpan ttl) =>
        await Http.PutAsJsonAsync("/v1/lease", new { epoch, ttlMs = (long)ttl.TotalMilliseconds, primary, holder = "test" });

    public async Task<AgentStatus> StatusAsync(long epoch = 1)
    {
        var response = await Http.GetAsync(new Uri($"/v1/status?epoch={epoch}", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"status: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<AgentStatus>(AgentJson.Options))!;
    }

    /// <summary>Commits one row in a new session; the error when the member cannot commit (read-only, down).</summary>
    public async Task<Exception?> TryCommitAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(Member.ConnectionString("postgres"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS t (x int); INSERT INTO t VALUES (1)", connection);
            await command.ExecuteNonQueryAsync();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
        {
            return e;
        }
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Http.Dispose();
            await Cluster.DisposeAsync();
            State.Dispose();
        }
    }
}
