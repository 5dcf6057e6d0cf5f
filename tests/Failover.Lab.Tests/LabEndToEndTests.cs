using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Failover.Lab.DemoApp;
using Npgsql;

namespace Failover.Lab.Tests;

/// <summary>
/// The lab as a user runs it (its own processes, the documented fixed ports): a writer through the edge, the primary
/// site burned, the ENT serving and writing from a standby site, the journal's account of it, the old site fenced
/// when it comes back, the lab's DNS name following the edge. Needs the lab's ports free (8080, 7400, 5300, 8081, 15432
/// and 18080 on 127.0.1.x and 127.0.2.x) and pdns-server installed.
/// </summary>
[Collection(LabPorts.Name)]
public sealed class LabEndToEndTests : IAsyncLifetime
{
    private static readonly Uri Homework = new(LabLayout.EdgeUrl, $"/{LabLayout.ServiceId}/api/homework");
    private readonly LabController _lab;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public LabEndToEndTests()
    {
        var directory = Path.Combine("/tmp", "failover-lab-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        _lab = new LabController(new LabLayout(directory), new SelfCommand(dotnet, [Path.Combine(AppContext.BaseDirectory, "failover.dll")]));
    }

    public Task InitializeAsync() => _lab.UpAsync(_ => { }, CancellationToken.None);

    [Fact]
    public async Task BurnPrimarySite_EdgeServesAndWritesFromAStandbyWithinRto_JournalHasRtoAndLoss_OldSiteStaysFenced()
    {
        var acknowledged = new ConcurrentBag<long>();
        using var stopWriter = new CancellationTokenSource();
        DateTimeOffset? firstWriteElsewhere = null;
        var writer = Task.Run(async () =>
        {
            var n = 0;
            while (!stopWriter.IsCancellationRequested)
            {
                try
                {
                    using var response = await _http.PostAsJsonAsync(Homework, new { title = $"devoir {n++}" });
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
                        if (response.Headers.GetValues(DemoApplication.SiteHeader).Single() != "ovh-sbg")
                        {
                            firstWriteElsewhere ??= TimeProvider.System.GetUtcNow();
                        }
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The site is burning: keep trying, as pupils would.
                }

                await Task.Delay(20);
            }
        });
        await EventuallyAsync(() => Task.FromResult(acknowledged.Count >= 20), TimeSpan.FromSeconds(30), "writes through the edge before the fire");
        LabPowerDns.IsInstalled.Should().BeTrue($"the lab runs its DNS zone only with pdns_server: {LabPowerDns.InstallHint}");
        var dns = new LabPowerDns(_lab.Layout);
        (await dns.LookupAsync(CancellationToken.None)).Should().Equal([_lab.Layout.Network.PublicAddress(LabLayout.Primary)], "the lab's DNS name starts at the primary site");

        var burnedAt = TimeProvider.System.GetUtcNow();
        (await _lab.BurnAsync(LabLayout.Site("ovh-sbg"), CancellationToken.None)).Should().Equal("agent", "postgres", "application");
        await EventuallyAsync(() => Task.FromResult(firstWriteElsewhere is not null), TimeSpan.FromSeconds(60), "a write served by a standby site");
        var recovery = firstWriteElsewhere!.Value - burnedAt;
        await stopWriter.CancelAsync();
        await writer;

        recovery.Should().BeLessThan(TimeSpan.FromSeconds(30), "the service's RTO target in the lab is 30 s");
        var operations = await GetAsync("/api/v1/operations");
        var failover = operations.EnumerateArray().Single(o => o.GetProperty("kind").GetString() == "failover");
        failover.GetProperty("status").GetString().Should().Be("succeeded");
        failover.GetProperty("requestedBy").GetString().Should().Be("engine");
        failover.GetProperty("rtoSeconds").GetDouble().Should().BePositive().And.BeLessThan(30);
        failover.GetProperty("dataLossBytes").GetInt64().Should().Be(0, "commits are synchronous to ANY 1 standby");
        var newPrimary = failover.GetProperty("target").GetString()!;
        newPrimary.Should().BeOneOf("ovh-rbx", "scw-par");
        (await dns.LookupAsync(CancellationToken.None)).Should().Equal([_lab.Layout.Network.PublicAddress(LabLayout.Site(newPrimary))], "the failover moved the DNS name with the edge");

        var password = await File.ReadAllTextAsync(_lab.Layout.SuperuserPasswordFile);
        var rows = await ScalarAsync<long>(LabLayout.Site(newPrimary), password, $"SELECT count(*) FROM homework WHERE id = ANY(ARRAY[{string.Join(',', acknowledged)}]::bigint[])");
        rows.Should().Be(acknowledged.Count, "every write the writer saw acknowledged is on the new primary");

        await _lab.RestoreAsync(LabLayout.Site("ovh-sbg"), CancellationToken.None);
        var write = async () => await ScalarAsync<long>(LabLayout.Site("ovh-sbg"), password, "INSERT INTO homework (title) VALUES ('split brain?') RETURNING id");
        (await write.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.ReadOnlySqlTransaction);
        await EventuallyAsync(
            async () => await ScalarAsync<bool>(LabLayout.Site("ovh-sbg"), password, "SELECT pg_is_in_recovery()"),
            TimeSpan.FromSeconds(90),
            "the old primary to be rebuilt as a standby");
        (await write.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.ReadOnlySqlTransaction);
        using var served = await _http.GetAsync(new Uri(LabLayout.EdgeUrl, $"/{LabLayout.ServiceId}/healthz"));
        served.Headers.GetValues(DemoApplication.SiteHeader).Single().Should().Be(newPrimary, "the edge stays on the new primary");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _lab.DownAsync(CancellationToken.None);
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(LabLayout.ApiUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _lab.ApiToken);
        using var response = await _http.SendAsync(request);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<T> ScalarAsync<T>(LabSite site, string password, string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = _lab.Layout.Network.ListenAddress(site).ToString(), Port = LabLayout.PostgresPort, Database = LabLayout.Database, Username = "postgres", Password = password, Pooling = false, Timeout = 5,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is NpgsqlException or HttpRequestException or InvalidOperationException)
            {
                // Not yet.
            }

            if (clock.Elapsed > within)
            {
                throw new TimeoutException($"timed out after {within.TotalSeconds:0} s waiting for {what}");
            }

            await Task.Delay(100);
        }
    }
}
