namespace Failover.Core.Engine;

/// <summary>Engine settings, with their defaults in one place.</summary>
public sealed class EngineOptions
{
    /// <summary>Operations running at once across all services; the rest wait in priority order.</summary>
    public int MaxConcurrentOperations { get; set; } = 4;

    /// <summary>Steps one operation may run per tick (the simulation uses 1 so faults interleave with steps).</summary>
    public int MaxStepsPerTick { get; set; } = int.MaxValue;

    /// <summary>An operation that has not finished this long after it started is failed (every operation terminates).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout given to each remote call the steps make.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the engine waits for one member's observation before it counts the member unreachable (Timeout).</summary>
    public TimeSpan ObservationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a switchover waits for the target to catch up.</summary>
    public TimeSpan CatchUpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest replay lag (bytes) a switchover target may have when the switchover is planned.</summary>
    public long SwitchoverMaxLagBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Rebuild fenced or diverged members as standbys automatically once their site is healthy.</summary>
    public bool AutomaticReprotect { get; set; } = true;

    public void Validate()
    {
        if (MaxConcurrentOperations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentOperations), MaxConcurrentOperations, "EngineOptions.MaxConcurrentOperations must be at least 1");
        }

        if (MaxStepsPerTick < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStepsPerTick), MaxStepsPerTick, "EngineOptions.MaxStepsPerTick must be at least 1");
        }

        if (ObservationTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ObservationTimeout), ObservationTimeout, "EngineOptions.ObservationTimeout must be positive");
        }

        if (OperationTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(OperationTimeout), OperationTimeout, "EngineOptions.OperationTimeout must be positive");
        }
    }
}
