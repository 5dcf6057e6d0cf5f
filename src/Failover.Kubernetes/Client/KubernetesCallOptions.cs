namespace Failover.Kubernetes.Client;

/// <summary>How Kubernetes API calls are bounded and retried. The caller's deadline (a linked token) bounds the whole.</summary>
public sealed class KubernetesCallOptions
{
    /// <summary>One API call's deadline.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a transient failure or a 409 conflict (re-read, re-apply).</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>First retry delay; exponential with jitter after that.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often a wait for availability re-reads the workloads.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Test hook: runs after an object is read and before it is written back (to make a concurrent writer win the race).</summary>
    internal Func<string, CancellationToken, Task>? BeforeWrite { get; set; }

    public void Validate()
    {
        if (AttemptTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "Kubernetes AttemptTimeout must be positive");
        }

        if (MaxRetries is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "Kubernetes MaxRetries must be between 0 and 100");
        }

        if (RetryDelay < TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), "Kubernetes RetryDelay must not be negative and PollInterval must be positive");
        }
    }
}
