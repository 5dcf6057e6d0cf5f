namespace Failover.Kubernetes.Client;

/// <summary>What one <see cref="KubernetesRetry"/> pipeline retries and how often.</summary>
/// <param name="Name">The pipeline's name in telemetry and in the retry log.</param>
/// <param name="MaxRetries">Retries after the first attempt.</param>
/// <param name="Delay">First retry delay; exponential with jitter after that, at most two seconds.</param>
internal sealed record KubernetesRetryOptions(string Name, int MaxRetries, TimeSpan Delay)
{
    /// <summary>
    /// Whether a 409 Conflict is retried. True only where the callback re-reads the object (a read-modify-write in one
    /// execution); false where a conflict means the writer was fenced off and retrying would defeat the fencing.
    /// </summary>
    public bool RetryConflicts { get; init; }

    /// <summary>Whether a <see cref="TimeoutException"/> (the caller's own deadline on one call) is retried.</summary>
    public bool RetryTimeouts { get; init; }

    /// <summary>A per-attempt timeout inside the retry; null when the caller bounds each call itself.</summary>
    public TimeSpan? AttemptTimeout { get; init; }
}
