using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Failover.Lab;
using Failover.Lab.DemoApp;
using Failover.Testing;
using Npgsql;

namespace Failover.Benchmarks.Lab;

/// <summary>
/// In the lab: time from `lab burn` of the primary site to the first successful write through the edge, from a planned
/// switchover request to the first write served by the new site, and from `lab partition` of the primary site (a black
/// hole in namespace mode) to the first write served elsewhere, with the time from the cut to the old primary's fence
/// (its agent's journal) and the commits the cut-off site's own writer got acknowledged after the new primary's first
/// write; median of repeated runs, a fresh lab each. Usage: lab-failover [runs=5]. Needs the lab's fixed ports free.
/// </summary>
internal sealed class LabFailoverBenchmark : IBenchmark
{
    private static readonly Uri Homework = new(LabLayout.EdgeUrl, $"/{LabLayout.ServiceId}/api/homework");

    public string Name => "lab-failover";

    public string Description => "lab: burn, partition and switchover → first write through the edge (and cut → fenced), median of runs";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var burns = new List<double>();
        var switchovers = new List<double>();
        var partitions = new List<double>();
        var fences = new List<double>();
        var lateAcks = 0;
        for (var i = 0; i < runs; i++)
        {
            var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
            var lab = new LabController(new LabLayout(Path.Combine("/tmp", "failover-lab-bench-" + i.ToString(CultureInfo.InvariantCulture))),
                new SelfCommand(dotnet, [Path.Combine(AppContext.BaseDirectory, "failover.dll")]));
            try
            {
                await lab.UpAsync(_ => { }, cancellationToken);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
                await FirstWriteAtAsync(http, "ovh-sbg", cancellationToken);

                var clock = Stopwatch.StartNew();
                using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri(LabLayout.ApiUrl, "/api/v1/operations")))
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", lab.ApiToken);
                    request.Content = JsonContent.Create(new { service = LabLayout.ServiceId, kind = "switchover", target = "scw-par", reason = "benchmark" });
                    using var response = await http.SendAsync(request, cancellationToken);
                    response.EnsureSuccessStatusCode();
                }

                await FirstWriteAtAsync(http, "scw-par", cancellationToken);
                switchovers.Add(clock.Elapsed.TotalSeconds);

                // Burning the new primary before the others follow it would leave no safe candidate (they miss its
                // writes): wait until the estate is protected again, as an operator would.
                await ConvergedAsync(http, lab, "scw-par", cancellationToken);

                clock.Restart();
                await lab.BurnAsync(LabLayout.Site("scw-par"), cancellationToken);
                var site = await FirstWriteAtAsync(http, null, cancellationToken, notAt: "scw-par");
                burns.Add(clock.Elapsed.TotalSeconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1}: switchover → first write {switchovers[^1]:0.00} s; burn → first write {burns[^1]:0.00} s (at {site})"));
            }
            finally
            {
                await lab.DownAsync(CancellationToken.None);
            }

            var (partition, fence, acks) = await PartitionRunAsync(dotnet, i, cancellationToken);
            partitions.Add(partition);
            fences.Add(fence);
            lateAcks += acks;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {i + 1}: partition → first write elsewhere {partition:0.00} s; cut → old primary fenced {fence:0.00} s; old-site acks after the new primary's first write: {acks}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median over {runs} runs: partition → first write {Median(partitions):0.00} s; cut → fenced {Median(fences):0.00} s; old-site acks after the new primary's first write: {lateAcks} in all"));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median over {runs} runs: burn → first write {Median(burns):0.00} s; planned switchover → first write {Median(switchovers):0.00} s"));
        return 0;
    }

    /// <summary>A fresh lab, a writer inside the primary's site (its own application) and one through the edge; then the cut.</summary>
    private static async Task<(double Partition, double Fence, int LateAcks)> PartitionRunAsync(string dotnet, int run, CancellationToken cancellationToken)
    {
        var lab = new LabController(new LabLayout(Path.Combine("/tmp", "failover-lab-bench-cut-" + run.ToString(CultureInfo.InvariantCulture))),
            new SelfCommand(dotnet, [Path.Combine(AppContext.BaseDirectory, "failover.dll")]));
        try
        {
            await lab.UpAsync(_ => { }, cancellationToken);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            await FirstWriteAtAsync(http, "ovh-sbg", cancellationToken);
            var network = lab.Layout.Network;
            var sbg = LabLayout.Site("ovh-sbg");
            var connection = new NpgsqlConnectionStringBuilder
            {
                Host = network.ListenAddress(sbg).ToString(), Port = LabLayout.PostgresPort, Database = LabLayout.Database, Username = "postgres",
                Password = (await File.ReadAllTextAsync(lab.Layout.SuperuserPasswordFile, cancellationToken)).Trim(),
            }.ConnectionString;
            using var local = SiteLocalWriter.Start(connection, network.NamespaceOf(sbg), TimeSpan.FromMilliseconds(20));

            var cutAt = TimeProvider.System.GetUtcNow();
            var clock = Stopwatch.StartNew();
            await lab.PartitionAsync(sbg, cancellationToken);
            await FirstWriteAtAsync(http, null, cancellationToken, notAt: "ovh-sbg");
            var firstWriteElsewhere = Stopwatch.GetTimestamp();
            var partition = clock.Elapsed.TotalSeconds;
            var fence = File.ReadAllLines(Path.Combine(lab.Layout.AgentStateDirectory(sbg), "journal.jsonl"))
                .Select(line => JsonDocument.Parse(line).RootElement)
                .Where(e => e.GetProperty("reason").GetString() == "lease-expired")
                .Select(e => (e.GetProperty("at").GetDateTimeOffset() - cutAt).TotalSeconds)
                .DefaultIfEmpty(double.NaN)
                .First();
            return (partition, fence, local.Acknowledged.Count(at => at > firstWriteElsewhere));
        }
        finally
        {
            await lab.DownAsync(CancellationToken.None);
        }
    }

    private static async Task ConvergedAsync(HttpClient http, LabController lab, string primary, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(LabLayout.ApiUrl, "/api/v1/status"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", lab.ApiToken);
            using var response = await http.SendAsync(request, cancellationToken);
            var service = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("services")[0];
            var members = service.GetProperty("members").EnumerateArray().ToList();
            if (!service.TryGetProperty("activeOperation", out _)
                && members.All(m => m.GetProperty("reachable").GetBoolean() && !m.GetProperty("fenced").GetBoolean()
                    && m.GetProperty("role").GetString() == (m.GetProperty("site").GetString() == primary ? "primary" : "standby")))
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException("the estate did not converge within 120 s after the switchover");
    }

    /// <summary>
    /// Writes through the edge as a crowd of pupils would: a new attempt every 50 ms whatever the earlier ones do (a request
    /// sent to a black-holed site hangs until its timeout), until one is served by the wanted site.
    /// </summary>
    private static async Task<string> FirstWriteAtAsync(HttpClient http, string? site, CancellationToken cancellationToken, string? notAt = null)
    {
        var served = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var attempts = new List<Task>();
        var clock = Stopwatch.StartNew();
        while (!served.Task.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            attempts.Add(AttemptAsync());
            await Task.WhenAny(served.Task, Task.Delay(50, cancellationToken));
        }

        await stop.CancelAsync();
        await Task.WhenAll(attempts);
        return served.Task.IsCompleted ? await served.Task : throw new TimeoutException("no successful write through the edge within 120 s");

        async Task AttemptAsync()
        {
            try
            {
                using var response = await http.PostAsJsonAsync(Homework, new { title = "bench" }, stop.Token);
                var servedBy = response.Headers.TryGetValues(DemoApplication.SiteHeader, out var v) ? v.Single() : "";
                if (response.StatusCode == HttpStatusCode.Created && (site is null || servedBy == site) && servedBy != notAt)
                {
                    served.TrySetResult(servedBy);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Still moving, or cancelled once another attempt was served.
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
