using Microsoft.Extensions.Logging;
using Polly;

namespace Failover.Kubernetes.Client;

/// <summary>
/// The workloads' <see cref="KubernetesRetry"/> pipeline: transient failures and 409 conflicts retried around a
/// per-attempt timeout. A conflict is only useful to retry when the callback re-reads the object: callers put the whole
/// read-modify-write inside one execution.
/// </summary>
internal static class KubernetesResilience
{
    public static ResiliencePipeline Create(KubernetesCallOptions options, TimeProvider time, ILogger logger)
    {
        options.Validate();
        return KubernetesRetry.Create(
            new KubernetesRetryOptions("kubernetes", Math.Max(1, options.MaxRetries), options.RetryDelay)
            {
                RetryConflicts = true,
                AttemptTimeout = options.AttemptTimeout,
            },
            time,
            logger);
    }
}
