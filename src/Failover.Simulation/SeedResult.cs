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
