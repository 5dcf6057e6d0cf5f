using Failover.Simulation;
using Xunit.Abstractions;

namespace Failover.Simulation.Tests;

public class SimulationTests(ITestOutputHelper output)
{
    [Fact]
    public void Simulate_TwoThousandSeeds_EveryInvariantHolds()
    {
        var seeds = int.TryParse(Environment.GetEnvironmentVariable("FAILOVER_SIM_SEEDS"), out var n) ? n : 2000;
        var summary = Simulator.Run(seeds);

        output.WriteLine($"{summary.Seeds} seeds, {summary.Passed} passed, {summary.SimulatedTicks} simulated s, {summary.Operations} operations, "
            + $"{summary.Failovers} failovers, {summary.Crashes} control-plane crashes, {summary.Elapsed.TotalSeconds:0.0} s ({summary.SeedsPerSecond:0} seeds/s)");
        foreach (var failure in summary.Failures.Take(3))
        {
            output.WriteLine($"FAILED {failure.ReplayHint}: {failure.Violation}");
            foreach (var line in failure.Trace.TakeLast(80))
            {
                output.WriteLine(line);
            }
        }

        summary.Failures.Should().BeEmpty("every seed must keep the invariants; the first failure is printed above with its trace");
        summary.Failovers.Should().BeGreaterThan(seeds / 10, "the fault mix must actually exercise failovers");
        summary.Crashes.Should().BeGreaterThan(seeds / 10, "the fault mix must actually crash the control plane");
    }

    [Fact]
    public void Simulate_AgentsThatNeverLetALeaseRunOut_BreakTheSingleWriterInvariant()
    {
        // The planted defect: a cut-off primary keeps writing past its lease, so the failover that trusts the lease
        // leaves two writable primaries. The invariant must catch it, or it proves nothing about the real run.
        var summary = Simulator.Run(300, new SimulationOptions { PlantLeaseThatNeverExpires = true });

        summary.Failures.Should().NotBeEmpty();
        summary.Failures.Should().Contain(f => f.Violation!.Contains("writable primaries", StringComparison.Ordinal));
    }

    [Fact]
    public void RunSeed_SameSeedTwice_ReplaysExactly()
    {
        var options = new SimulationOptions { Trace = true };
        foreach (var seed in new[] { 3, 17, 123 })
        {
            var first = Simulator.RunSeed(seed, options);
            var second = Simulator.RunSeed(seed, options);

            second.Fingerprint.Should().Be(first.Fingerprint);
            second.Trace.Should().Equal(first.Trace);
            second.Ticks.Should().Be(first.Ticks);
        }
    }
}

public class SimulationReplayTests(ITestOutputHelper output)
{
    /// <summary>Replays one seed with its full trace: FAILOVER_SIM_SEED=N dotnet test --filter Replay_OneSeed (seed 1 by default).</summary>
    [Fact]
    public void Replay_OneSeed_PrintsTraceAndPasses()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FAILOVER_SIM_SEED"), out var n) ? n : 1;
        var result = Simulator.RunSeed(seed, new SimulationOptions { Trace = true });

        foreach (var line in result.Trace)
        {
            output.WriteLine(line);
        }

        output.WriteLine(result.Violation ?? "passed");
        result.Passed.Should().BeTrue(result.Violation);
    }
}
