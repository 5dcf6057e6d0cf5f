namespace Failover.Drills;

/// <summary>Drill settings, with their defaults in one place.</summary>
public sealed class DrillOptions
{
    /// <summary>Deadline of the copy of the standby (pg_basebackup).</summary>
    public TimeSpan CopyTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Deadline of each other sandbox call.</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (CopyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CopyTimeout), CopyTimeout, "DrillOptions.CopyTimeout must be positive");
        }

        if (StepTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StepTimeout), StepTimeout, "DrillOptions.StepTimeout must be positive");
        }
    }
}
