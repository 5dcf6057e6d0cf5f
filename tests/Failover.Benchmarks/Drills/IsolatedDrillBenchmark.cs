using System.Globalization;
using System.Net;
using Failover.Core.Decisions;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills;
using Failover.Drills.History;
using Failover.Drills.Reports;
using Failover.Lab.DemoApp;
using Failover.Lab.Drills;
using Failover.Postgres;
using Failover.Testing;

namespace Failover.Benchmarks.Drills;

/// <summary>
/// Isolated drills end to end in the lab's sandbox: a real primary and streaming standby on loopback (with DATA_MB of
/// rows), the engine with the drill extension, N drills one after the other; prints each step's median time from the
/// drill reports (the journal). Cluster setup is not timed. Usage: drill-isolated [runs, default 5] [data MB, default 16].
/// </summary>
internal sealed class IsolatedDrillBenchmark : IBenchmark
{
    private const string ServiceId = "ent-bench";

    public string Name => "drill-isolated";

    public string Description => "isolated drill step times (copy, promote, app, smoke, cleanup) against real PostgreSQL";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var megabytes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        await using var cluster = await PostgresCluster.StartAsync(1, cancellationToken);
        await cluster.Primary.ExecuteAsync(DemoApplication.SchemaSql, cluster.Database, cancellationToken);
        await cluster.Primary.ExecuteAsync(
            $"CREATE TABLE ballast AS SELECT g AS id, repeat('x', 1000) AS pad FROM generate_series(1, {megabytes * 1000}) g", cluster.Database, cancellationToken);
        await PostgresCluster.WaitForReplayAsync(cluster.Primary, cluster.Standbys[0], cancellationToken);
        // The sandbox creates its root traversable by postgres (a temp subdirectory would be root-only).
        var root = Path.Combine(Path.GetTempPath(), $"failover-drill-bench-{Guid.NewGuid():N}");
        var estate = Estate(cluster);
        var secrets = new EnvironmentAndFileSecretResolver();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var sandbox = new LabDrillSandbox(root, cluster.Programs, secrets, http);
        var journal = new InMemoryJournalStore();
        var seams = new EngineSeams(PostgresReplication.Create(secrets), [], new SimNoWorkloads(), new SimNoRebuild(), [new DrillPlanExtension(sandbox)]);
        using var engine = new FailoverEngine(estate, seams, journal, TimeProvider.System);
        await engine.InitializeAsync(cancellationToken);
        var tick = new EngineTick(estate.Sites.Select(s => new SiteVerdict(s.Id, HealthState.Healthy, DateTimeOffset.UnixEpoch, TimeSpan.Zero, false, null,
            new VerdictEvidence([], ["bench"], new Dictionary<string, string>(), new Dictionary<string, string>()))).ToList(), Array.Empty<FreezeWindow>());
        var reports = new List<DrillReport>();
        for (var i = 0; i < runs; i++)
        {
            var requested = await engine.RequestAsync(DrillVariants.Request(ServiceId, DrillKind.Isolated, "bench"), cancellationToken);
            if (!requested.Accepted)
            {
                throw new InvalidOperationException(requested.Message);
            }

            OperationRecord op;
            do
            {
                await engine.TickAsync(tick, cancellationToken);
                op = (await journal.GetOperationAsync(requested.OperationId!, cancellationToken))!;
            }
            while (op.Status.IsActive());
            var report = DrillReportBuilder.Build(op, await journal.ReadEntriesAsync(op.Id, cancellationToken), estate.Service(ServiceId));
            reports.Add(report);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {i + 1}/{runs}: {(report.Passed ? "passed" : "FAILED " + string.Join("; ", report.Reasons))}, total {(report.EndedAt - report.StartedAt).TotalMilliseconds:F0} ms, RTO {report.AchievedRto?.TotalMilliseconds:F0} ms, lag {report.Freshness?.LagBytes} B"));
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
        Console.WriteLine();
        Console.WriteLine($"{"step",-22} {"median ms",10} {"min ms",10} {"max ms",10}   ({megabytes} MB of ballast, {runs} drills)");
        foreach (var step in reports[0].Steps.Select(s => s.Name))
        {
            Report(step, reports.Select(r => r.Steps.First(s => s.Name == step).Duration.TotalMilliseconds).ToList());
        }

        Report("achieved RTO", reports.Where(r => r.AchievedRto is not null).Select(r => r.AchievedRto!.Value.TotalMilliseconds).ToList());
        Report("whole drill", reports.Select(r => (r.EndedAt - r.StartedAt).TotalMilliseconds).ToList());
        return reports.All(r => r.Passed) ? 0 : 1;
    }

    private static void Report(string name, List<double> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        values.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22} {values[values.Count / 2],10:F1} {values[0],10:F1} {values[^1],10:F1}"));
    }

    private static Estate Estate(PostgresCluster cluster)
    {
        var detection = new DetectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, 3, 2);
        var service = new Service(
            ServiceId, "ENT bench", "primary", ["standby1"], "manual", 1,
            new DatabaseSpec(cluster.Database, "postgres", cluster.SuperuserSecret, ReplicationMode.Async, new RpoBudget(16 * 1024 * 1024, null)),
            new HealthSpec(null), [], new TrafficSpec("edge", "ent.bench.test", TimeSpan.FromSeconds(30)),
            new ServiceTargets(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30)));
        return new Estate(
            [new Provider("local", "loopback")],
            [
                new Site("primary", "local", "primary", "a", [cluster.Primary.Endpoint], [IPAddress.Loopback], null, 100),
                new Site("standby1", "local", "standby1", "b", [cluster.Standbys[0].Endpoint], [IPAddress.Loopback], null, 100),
            ],
            [service],
            [new Observer("bench", "bench", null)],
            [new Policy("manual", false, detection, new QuorumPolicy(null), TimeSpan.FromMinutes(5), 0.5, new ApprovalPolicy(false, TimeSpan.FromMinutes(2), false))],
            [new EdgeRouterSpec("edge", null)]);
    }

    /// <summary>An isolated drill touches no workload and rebuilds nothing.</summary>
    private sealed class SimNoWorkloads : Core.Workloads.IWorkloadControl
    {
        public Task<Core.Workloads.WorkloadResult> ActivateAsync(Core.Workloads.WorkloadRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("an isolated drill must not activate workloads");

        public Task<Core.Workloads.WorkloadResult> DeactivateAsync(Core.Workloads.WorkloadRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("an isolated drill must not deactivate workloads");
    }

    private sealed class SimNoRebuild : IStandbyRebuild
    {
        public Task<RebuildResult> RebuildAsStandbyAsync(Core.Replication.DatabaseMember member, Core.Replication.DatabaseMember primary, Core.Epoch epoch, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("an isolated drill must not rebuild standbys");
    }
}
