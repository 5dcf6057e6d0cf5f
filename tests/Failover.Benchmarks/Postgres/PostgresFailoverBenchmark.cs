using System.Diagnostics;
using System.Globalization;
using Failover.Core;
using Failover.Core.Replication;
using Failover.Postgres;
using Failover.Testing;

namespace Failover.Benchmarks.Postgres;

/// <summary>
/// Switchover (fence → promoted → writable) and failover (promote → writable) through the adapter, next to the floor
/// measured in the same run: <c>pg_ctl promote -w</c> issued by hand, then the first committed write. Each run uses a
/// fresh primary + standby on loopback; cluster setup is not timed. Usage: postgres-failover [runs, default 7].
/// </summary>
internal sealed class PostgresFailoverBenchmark : IBenchmark
{
    public string Name => "postgres-failover";

    public string Description => "switchover and failover time vs a bare pg_ctl promote (median of N runs)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        var control = PostgresReplication.Create(new EnvironmentAndFileSecretResolver());
        var floor = new List<double>();
        var failover = new List<double>();
        var switchover = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            floor.Add(await MeasureFloorAsync(cancellationToken));
            failover.Add(await MeasureFailoverAsync(control, cancellationToken));
            switchover.Add(await MeasureSwitchoverAsync(control, cancellationToken));
            Console.WriteLine($"run {i + 1}/{runs}: floor {floor[^1]:F1} ms, failover {failover[^1]:F1} ms, switchover {switchover[^1]:F1} ms");
        }

        Console.WriteLine();
        Console.WriteLine($"{"measure",-44} {"median ms",10} {"min ms",10} {"max ms",10}");
        Report("floor: pg_ctl promote -w + first write", floor);
        Report("failover: PromoteAsync (checks, promote, verify)", failover);
        Report("switchover: SwitchoverAsync (fence→writable)", switchover);
        return 0;
    }

    private static async Task<double> MeasureFloorAsync(CancellationToken cancellationToken)
    {
        await using var cluster = await PostgresCluster.StartAsync(1, cancellationToken);
        var standby = cluster.Standbys[0];
        await cluster.Primary.KillAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var promote = await cluster.Programs.RunAsync("pg_ctl", ["promote", "-w", "-D", standby.DataDirectory], TimeSpan.FromSeconds(60), cancellationToken);
        if (!promote.Succeeded)
        {
            throw new InvalidOperationException($"pg_ctl promote failed: {promote.Summary}");
        }

        await standby.ExecuteAsync("CREATE TABLE floor_write (id int)", cancellationToken: cancellationToken);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> MeasureFailoverAsync(IReplicationControl control, CancellationToken cancellationToken)
    {
        await using var cluster = await PostgresCluster.StartAsync(1, cancellationToken);
        await cluster.Primary.KillAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var result = await control.PromoteAsync(
            new PromotionRequest(cluster.Member(cluster.Standbys[0]), new Epoch(2), null, null, TimeSpan.FromSeconds(60)), cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return result.Promoted ? elapsed : throw new InvalidOperationException($"promotion failed: {result.Detail}");
    }

    private static async Task<double> MeasureSwitchoverAsync(IReplicationControl control, CancellationToken cancellationToken)
    {
        await using var cluster = await PostgresCluster.StartAsync(1, cancellationToken);
        var clock = Stopwatch.StartNew();
        var result = await control.SwitchoverAsync(
            new SwitchoverRequest(cluster.Member(cluster.Primary), cluster.Member(cluster.Standbys[0]), new Epoch(2), null, TimeSpan.FromSeconds(30)),
            cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return result.Completed ? elapsed : throw new InvalidOperationException($"switchover failed: {result.Detail}");
    }

    private static void Report(string name, List<double> samples)
    {
        var sorted = samples.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        Console.WriteLine($"{name,-44} {median,10:F1} {sorted[0],10:F1} {sorted[^1],10:F1}");
    }
}
