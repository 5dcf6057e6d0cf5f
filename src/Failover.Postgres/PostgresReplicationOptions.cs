namespace Failover.Postgres;

/// <summary>Timeouts and retries of the PostgreSQL adapter; defaults in one place, checked by <see cref="Validate"/>.</summary>
public sealed class PostgresReplicationOptions
{
    /// <summary>Time allowed to open one connection (one attempt).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Retries of a failed connection attempt (transient errors and timeouts only).</summary>
    public int ConnectRetries { get; set; } = 2;

    /// <summary>First delay between connection attempts; doubles each retry.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Time allowed for one observation or one control statement.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a fence waits for each terminated session to exit, and for the reloaded configuration to apply.</summary>
    public TimeSpan SessionTerminationWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Interval between polls while waiting for a condition on a server (catch-up, reload applied).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Positive(ConnectTimeout, nameof(ConnectTimeout));
        Positive(CommandTimeout, nameof(CommandTimeout));
        Positive(SessionTerminationWait, nameof(SessionTerminationWait));
        Positive(PollInterval, nameof(PollInterval));
        if (ConnectRetries is < 0 or > 10)
        {
            throw new ArgumentException($"{nameof(ConnectRetries)} must be between 0 and 10 (was {ConnectRetries})", nameof(ConnectRetries));
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(RetryDelay)} must not be negative (was {RetryDelay})", nameof(RetryDelay));
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive (was {value})", name);
        }
    }
}
