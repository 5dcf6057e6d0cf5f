namespace Failover.Simulation;

/// <summary>What a batch of seeds found.</summary>
public sealed record SimulationSummary(
    int Seeds,
    int Passed,
    IReadOnlyList<SeedResult> Failures,
    long SimulatedTicks,
    int Operations,
    int Failovers,
    int Crashes,
    TimeSpan Elapsed)
{
    public double SeedsPerSecond => Elapsed.TotalSeconds > 0 ? Seeds / Elapsed.TotalSeconds : 0;

    public bool AllPassed => Failures.Count == 0;
}
