namespace Failover.Drills.Switchover;

/// <summary>Switchover drill settings, with their defaults in one place.</summary>
public sealed class SwitchoverDrillOptions
{
    /// <summary>How long each phase (switchover, reprotect, failback) may take before the drill gives up waiting for it.</summary>
    public TimeSpan PhaseTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the drill reads the journal for the outcome of the phase's operation.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the writer runs against the service before the switchover, so its baseline is acknowledged.</summary>
    public TimeSpan WarmUp { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deadline of the writer's start, stop and final count.</summary>
    public TimeSpan WriterTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a phase is asked of the engine while it finds no eligible target (a rebuilt site not yet seen healthy).</summary>
    public int RefusedRetries { get; set; } = 10;

    /// <summary>The pause before asking again.</summary>
    public TimeSpan RefusedRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public void Validate()
    {
        Positive(PhaseTimeout, nameof(PhaseTimeout));
        Positive(PollInterval, nameof(PollInterval));
        Positive(WriterTimeout, nameof(WriterTimeout));
        Positive(RefusedRetryDelay, nameof(RefusedRetryDelay));
        if (RefusedRetries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RefusedRetries), RefusedRetries, "SwitchoverDrillOptions.RefusedRetries must be at least 1");
        }
        if (WarmUp < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(WarmUp), WarmUp, "SwitchoverDrillOptions.WarmUp must not be negative");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"SwitchoverDrillOptions.{name} must be positive");
        }
    }
}
