using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Failover.Lab.DemoApp;
using Failover.Lab.Network;
using Failover.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Failover.Lab.Tests;

/// <summary>
/// The primary site partitioned, not burned: it keeps running, the service fails over, and healing the link brings the
/// old primary back to be rebuilt as a standby. In namespace mode (root) the partition is a real cut: a connect to the
/// site hangs instead of being refused, and the site's own writer gets no commit acknowledged, since its synchronous
/// standbys are cut off too. In both modes the cut-off site's agent fences its primary within TTL + margin of the cut,
/// the standby is promoted only after that, and the healed old primary stays a standby until it is rebuilt.
/// </summary>
[Collection(LabPorts.Name)]
public sealed class LabPartitionEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Uri Homework = new(LabLayout.EdgeUrl, $"/{LabLayout.ServiceId}/api/homework");
    private readonly LabController _lab = new(
        new LabLayout(Path.Combine("/tmp", "failover-lab-partition-" + Guid.NewGuid().ToString("N")[..8])),
        new SelfCommand(
            Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "failover.dll")]));

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public Task InitializeAsync() => _lab.UpAsync(_ => { }, CancellationToken.None);

    [Fact]
    public async Task PartitionPrimarySite_EdgeWritesFromAStandby_HealRebuildsTheOldPrimary()
    {
        var network = _lab.Layout.Network;
        var sbg = LabLayout.Site("ovh-sbg");
        var acknowledged = new ConcurrentBag<string>();
        using var stopWriter = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        TimeSpan? firstWriteElsewhere = null;
        var writer = Task.Run(async () =>
        {
            while (!stopWriter.IsCancellationRequested)
            {
                try
                {
                    using var response = await _http.PostAsJsonAsync(Homework, new { title = "devoir" });
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        var site = response.Headers.GetValues(DemoApplication.SiteHeader).Single();
                        acknowledged.Add(site);
                        if (site != sbg.Id)
                        {
                            firstWriteElsewhere ??= clock.Elapsed;
                        }
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The site is cut off: keep trying, as pupils would.
                }

                await Task.Delay(20);
            }
        });
        await Wait.UntilAsync(() => Task.FromResult(acknowledged.Count >= 20), TimeSpan.FromSeconds(30), "writes through the edge before the cut", () => $"{acknowledged.Count} acknowledged");

        var partitionedAt = clock.Elapsed;
        var cutAt = TimeProvider.System.GetUtcNow();
        await _lab.PartitionAsync(sbg, CancellationToken.None);

        (await _lab.LinksAsync(CancellationToken.None))[sbg.Id].Should().Be("partitioned");
        SiteLocalWriter? local = null;
        if (network.Mode == LabNetworkMode.Namespaces)
        {
            (await ConnectOutcomeAsync(new IPEndPoint(network.PublicAddress(sbg), LabLayout.PostgresPort), TimeSpan.FromSeconds(2)))
                .Should().Be("timed out", "a cut link drops packets: no reset, no unreachable");
            local = SiteLocalWriter.Start(ConnectionString(sbg), network.NamespaceOf(sbg), TimeSpan.FromMilliseconds(100));
        }

        await Wait.UntilAsync(() => Task.FromResult(firstWriteElsewhere is not null), TimeSpan.FromSeconds(90), "a write served by a standby site", () => $"{acknowledged.Count} acknowledged");
        var recovery = firstWriteElsewhere!.Value - partitionedAt;
        output.WriteLine($"network {network.Description}: partition -> first write through the edge elsewhere in {recovery.TotalSeconds:0.0} s");
        await stopWriter.CancelAsync();
        await writer;
        recovery.Should().BeLessThan(TimeSpan.FromSeconds(45), "detection by timeouts, then the failover once the old primary's lease has run out");

        if (local is not null)
        {
            local.Acknowledged.Should().BeEmpty("the cut-off primary's synchronous standbys are cut off too: it acknowledges nothing");
        }

        // The cut-off site's agent fenced its primary on its own once the lease ran out (TTL 3 s + margin 1 s in the lab),
        // and the standby was promoted only after that.
        // Before the cut a loaded machine may already have cost the site a lease (a suspicion, fenced then unfenced): the
        // fence of the cut is the one after it.
        var fence = AgentFences(sbg).Where(f => f.At >= cutAt).Should().ContainSingle(f => f.Reason == "lease-expired").Subject;
        (fence.At - cutAt).Should().BeLessThan(TimeSpan.FromSeconds(4), "the agent fences within TTL + margin of the cut");
        var promotedAt = await StepStartedAtAsync("promote-target");
        promotedAt.Should().BeAfter(fence.At, "the standby is promoted only once the old primary is fenced");

        await _lab.HealAsync(sbg, CancellationToken.None);
        (await _lab.LinksAsync(CancellationToken.None))[sbg.Id].Should().Be("connected");
        local?.Dispose();
        // Healed, the old primary may already be restarting for its rebuild (refusing connections): whenever it answers
        // it must be a standby, until it streams from the new primary.
        var answers = new List<string>();
        await Wait.UntilAsync(
            async () =>
            {
                var seen = await ScalarAsync<string>(sbg, "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 'writable' ELSE coalesce((SELECT status FROM pg_stat_wal_receiver), 'standby') END");
                answers.Add(seen);
                return seen == "streaming";
            },
            TimeSpan.FromSeconds(120),
            "the old primary to be rebuilt as a standby streaming from the new primary after the heal",
            () => string.Join(", ", answers.Distinct()));
        answers.Should().NotContain("writable", "healed, the old primary stays fenced until it is rebuilt");
        using var served = await _http.GetAsync(new Uri(LabLayout.EdgeUrl, $"/{LabLayout.ServiceId}/healthz"));
        served.Headers.GetValues(DemoApplication.SiteHeader).Single().Should().NotBe(sbg.Id, "the edge stays on the new primary");
    }

    private List<(DateTimeOffset At, string Reason)> AgentFences(LabSite site)
    {
        var journal = Path.Combine(_lab.Layout.AgentStateDirectory(site), "journal.jsonl");
        return File.ReadAllLines(journal)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
            .Select(e => (e.GetProperty("at").GetDateTimeOffset(), e.GetProperty("reason").GetString() ?? ""))
            .ToList();
    }

    private async Task<DateTimeOffset> StepStartedAtAsync(string step)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(LabLayout.ApiUrl, "/api/v1/operations"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _lab.ApiToken);
        using var list = await _http.SendAsync(request);
        var failover = (await list.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).EnumerateArray()
            .Select(o => o.GetProperty("id").GetString()!).Single(id => id.Contains("-failover-", StringComparison.Ordinal));
        using var one = new HttpRequestMessage(HttpMethod.Get, new Uri(LabLayout.ApiUrl, $"/api/v1/operations/{failover}"));
        one.Headers.Authorization = request.Headers.Authorization;
        using var answer = await _http.SendAsync(one);
        return (await answer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("journal").EnumerateArray()
            .First(e => e.GetProperty("kind").GetString() == "StepStarted" && e.TryGetProperty("step", out var s) && s.GetString() == step)
            .GetProperty("at").GetDateTimeOffset();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _lab.DownAsync(CancellationToken.None);
    }

    private static async Task<string> ConnectOutcomeAsync(IPEndPoint endpoint, TimeSpan timeout)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await client.ConnectAsync(endpoint, deadline.Token);
            return "connected";
        }
        catch (OperationCanceledException)
        {
            return "timed out";
        }
        catch (SocketException e)
        {
            return $"failed: {e.SocketErrorCode}";
        }
    }

    private string ConnectionString(LabSite site) => new NpgsqlConnectionStringBuilder
    {
        Host = _lab.Layout.Network.ListenAddress(site).ToString(), Port = LabLayout.PostgresPort, Database = LabLayout.Database, Username = "postgres",
        Password = File.ReadAllText(_lab.Layout.SuperuserPasswordFile).Trim(), Pooling = false, Timeout = 5,
    }.ConnectionString;

    private async Task<T> ScalarAsync<T>(LabSite site, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(site));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
