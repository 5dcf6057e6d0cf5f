namespace Failover.Simulation;

/// <summary>The outcome of one seed. <see cref="Fingerprint"/> is identical on every replay of the same seed.</summary>
public sealed record SeedResult(
    int Seed,
    bool Passed,
    string? Violation,
    int Ticks,
    int Operations,
    int Failovers,
    int Crashes,
    long Fingerprint,
    IReadOnlyList<string> Trace)
{
    public string ReplayHint => $"failover simulate --seed {Seed}";
}

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
