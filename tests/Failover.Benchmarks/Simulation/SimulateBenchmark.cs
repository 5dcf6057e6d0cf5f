using System.Globalization;
using Failover.Simulation;

namespace Failover.Benchmarks.Simulation;

/// <summary>
/// Soak of the deterministic simulation: <c>simulate [--seeds N] [--first S] [--intensity X] [--seed S]</c>.
/// Reports seeds/s and simulated seconds per wall second; prints any failing seed with its trace.
/// </summary>
internal sealed class SimulateBenchmark : IBenchmark
{
    public string Name => "simulate";

    public string Description => "deterministic simulation soak: seeds/s (--seeds N --first S --intensity X | --seed S to replay)";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seeds = Option(args, "--seeds", 5000);
        var first = Option(args, "--first", 1);
        var intensity = Option(args, "--intensity", 1.0);
        if (args.Contains("--seed"))
        {
            var replay = Simulator.RunSeed(Option(args, "--seed", 1), new SimulationOptions { Trace = true, Intensity = intensity });
            foreach (var line in replay.Trace)
            {
                Console.WriteLine(line);
            }

            Console.WriteLine(replay.Violation ?? $"seed {replay.Seed} passed (fingerprint {replay.Fingerprint:X16})");
            return Task.FromResult(replay.Passed ? 0 : 1);
        }

        // Warm-up so JIT time is not counted.
        Simulator.Run(20, new SimulationOptions { Intensity = intensity }, first + seeds, cancellationToken);
        var summary = Simulator.Run(seeds, new SimulationOptions { Intensity = intensity }, first, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"simulate: {summary.Seeds} seeds ({first}..{first + seeds - 1}, intensity {intensity}) on {Environment.ProcessorCount} cores in {summary.Elapsed.TotalSeconds:0.00} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {summary.SeedsPerSecond:0.0} seeds/s, {summary.SimulatedTicks / summary.Elapsed.TotalSeconds:0} simulated s per s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {summary.Operations} operations, {summary.Failovers} failovers, {summary.Crashes} control-plane crashes, {summary.Passed} passed, {summary.Failures.Count} failed"));
        foreach (var failure in summary.Failures)
        {
            Console.WriteLine($"FAILED {failure.ReplayHint}: {failure.Violation}");
        }

        return Task.FromResult(summary.AllPassed ? 0 : 1);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
