using System.Net;
using Failover.Core.Leadership;
using Failover.Kubernetes.Client;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Failover.Kubernetes.Journal;

/// <summary>
/// Retries for the journal's transient Kubernetes API failures (unreachable, overloaded, 5xx, a call past its deadline),
/// with exponential backoff and jitter. Unlike the workloads' pipeline (<see cref="KubernetesResilience"/>) a
/// <b>409 Conflict is never retried</b>: on the journal head it means this writer was deposed, and retrying it would
/// defeat the fencing. Nor is a refusal (<see cref="NotLeaderException"/>) or a bad document. A write whose outcome is
/// unknown is retried only by re-reading the head first (see <see cref="KubernetesJournalStore"/>), never blindly.
/// </summary>
internal static partial class JournalResilience
{
    public const int MaxRetries = 3;

    public static ResiliencePipeline Create(TimeProvider time, TimeSpan retryDelay, ILogger logger) =>
        new ResiliencePipelineBuilder { TimeProvider = time, Name = "kubernetes-journal" }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = MaxRetries,
                Delay = retryDelay,
                MaxDelay = TimeSpan.FromSeconds(2),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } e)
                    {
                        Log.Retried(logger, args.AttemptNumber + 1, Describe(e));
                    }

                    return default;
                },
            })
            .Build();

    /// <summary>Worth another attempt: the API did not answer, or answered that it could not serve the call now.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        NotLeaderException or InvalidDataException or InvalidOperationException => false,
        TimeoutException => true,
        _ => KubernetesErrors.IsRetryable(e) && KubernetesErrors.StatusOf(e) != HttpStatusCode.Conflict,
    };

    private static string Describe(Exception e) => e is TimeoutException ? e.Message : KubernetesErrors.Describe(e).Detail;

    private static partial class Log
    {
        [LoggerMessage(8123, LogLevel.Warning, "Journal: Kubernetes API call failed, retrying (attempt {Attempt}): {Detail}")]
        public static partial void Retried(ILogger logger, int attempt, string detail);
    }
}
