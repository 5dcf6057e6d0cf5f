using Failover.Core.Leadership;
using Failover.Kubernetes.Client;
using Microsoft.Extensions.Logging;
using Polly;

namespace Failover.Kubernetes.Journal;

/// <summary>
/// The journal's <see cref="KubernetesRetry"/> pipeline: transient Kubernetes API failures and a call past the store's
/// own deadline are retried. Unlike the workloads' pipeline (<see cref="KubernetesResilience"/>) a
/// <b>409 Conflict is never retried</b>: on the journal head it means this writer was deposed, and retrying it would
/// defeat the fencing. Nor is a refusal (<see cref="NotLeaderException"/>) or a bad document. A write whose outcome is
/// unknown is retried only by re-reading the head first (see <see cref="KubernetesJournalStore"/>), never blindly.
/// </summary>
internal static class JournalResilience
{
    public const int MaxRetries = 3;

    public static ResiliencePipeline Create(TimeProvider time, TimeSpan retryDelay, ILogger logger) =>
        KubernetesRetry.Create(new KubernetesRetryOptions("kubernetes-journal", MaxRetries, retryDelay) { RetryConflicts = false, RetryTimeouts = true }, time, logger);
}
