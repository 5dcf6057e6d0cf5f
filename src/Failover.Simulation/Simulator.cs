using System.Collections.Concurrent;
using System.Diagnostics;

namespace Failover.Simulation;

/// <summary>
/// Runs the real engine against simulated sites, databases, routers, network, observers and time. One seed drives
/// every random choice, so a failing seed replays exactly: <c>Simulator.RunSeed(seed)</c>.
/// </summary>
public static class Simulator
{
    /// <summary>Runs <paramref name="seeds"/> seeds from <paramref name="firstSeed"/>; failures are replayed with their trace.</summary>
    public static SimulationSummary Run(int seeds, SimulationOptions? options = null, int firstSeed = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seeds);
        options ??= new SimulationOptions();
        var watch = Stopwatch.StartNew();
        var results = new ConcurrentBag<SeedResult>();
        Parallel.For(
            firstSeed, firstSeed + seeds,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken },
            seed =>
            {
                using var run = new SeedRun(seed, options);
                results.Add(run.Run());
            });
        watch.Stop();
        var failures = results.Where(r => !r.Passed).OrderBy(r => r.Seed)
            .Select(r => RunSeed(r.Seed, Copy(options, trace: true)))
            .ToList();
        return new SimulationSummary(
            seeds, results.Count(r => r.Passed), failures, results.Sum(r => (long)r.Ticks), results.Sum(r => r.Operations),
            results.Sum(r => r.Failovers), results.Sum(r => r.Crashes), watch.Elapsed);
    }

    /// <summary>Runs (or replays) one seed; with <see cref="SimulationOptions.Trace"/> the result carries every event.</summary>
    public static SeedResult RunSeed(int seed, SimulationOptions? options = null)
    {
        using var run = new SeedRun(seed, options ?? new SimulationOptions());
        return run.Run();
    }

    private static SimulationOptions Copy(SimulationOptions o, bool trace) => new()
    {
        ChaosTicks = o.ChaosTicks,
        HealTicks = o.HealTicks,
        Services = o.Services,
        Parallelism = o.Parallelism,
        Intensity = o.Intensity,
        Trace = trace,
        PlantLeaseThatNeverExpires = o.PlantLeaseThatNeverExpires,
    };
}
