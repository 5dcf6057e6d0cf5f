namespace Failover.Core.Health;

/// <summary>Settings of the probe loop; defaults in one place, checked by <see cref="Validate"/>.</summary>
public sealed record ProbeSchedulerOptions
{
    /// <summary>Probes allowed in flight at once, across all targets.</summary>
    public int MaxConcurrency { get; init; } = 1024;

    /// <summary>Runs of one target in flight at once when its timeout is longer than its interval.</summary>
    public int MaxRunsPerTarget { get; init; } = 3;

    /// <summary>Spread of each run around its interval: the next run is due after interval × (1 ± JitterFraction / 2).</summary>
    public double JitterFraction { get; init; } = 0.1;

    /// <summary>Seed of the jitter, for reproducible schedules in tests and simulation; null for a random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Shortest sleep of the loop: probes due within it are started together. Bounds timer wake-ups per second
    /// (and adds at most this much scheduling lag).
    /// </summary>
    public TimeSpan Resolution { get; init; } = TimeSpan.FromMilliseconds(2);

    public ProbeSchedulerOptions Validate()
    {
        if (Resolution < TimeSpan.FromMilliseconds(1) || Resolution > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"probes.resolution must be between 1 ms and 1 s, got {Resolution}", nameof(Resolution));
        }

        if (MaxConcurrency < 1)
        {
            throw new ArgumentException($"probes.maxConcurrency must be at least 1, got {MaxConcurrency}", nameof(MaxConcurrency));
        }

        if (MaxRunsPerTarget < 1)
        {
            throw new ArgumentException($"probes.maxRunsPerTarget must be at least 1, got {MaxRunsPerTarget}", nameof(MaxRunsPerTarget));
        }

        if (double.IsNaN(JitterFraction) || JitterFraction < 0 || JitterFraction > 1)
        {
            throw new ArgumentException($"probes.jitterFraction must be between 0 and 1, got {JitterFraction}", nameof(JitterFraction));
        }

        return this;
    }
}
