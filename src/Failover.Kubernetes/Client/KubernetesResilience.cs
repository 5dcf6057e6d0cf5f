using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Failover.Kubernetes.Client;

/// <summary>
/// The Polly pipeline every Kubernetes API call goes through: retry (transient failures and 409 conflicts, exponential
/// backoff with jitter) around a per-attempt timeout. A conflict is only useful to retry when the callback re-reads the
/// object: callers put the whole read-modify-write inside one execution.
/// </summary>
internal static partial class KubernetesResilience
{
    public static ResiliencePipeline Create(KubernetesCallOptions options, TimeProvider time, ILogger logger)
    {
        options.Validate();
        return new ResiliencePipelineBuilder { TimeProvider = time, Name = "kubernetes" }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(KubernetesErrors.IsRetryable),
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(2),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } e)
                    {
                        if (KubernetesErrors.IsConflict(e))
                        {
                            Log.ConflictRetried(logger, args.AttemptNumber + 1);
                        }
                        else
                        {
                            Log.TransientRetried(logger, args.AttemptNumber + 1, KubernetesErrors.Describe(e).Detail);
                        }
                    }

                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Kubernetes object changed under us (409 Conflict): re-reading and re-applying, attempt {Attempt}")]
        public static partial void ConflictRetried(ILogger logger, int attempt);

        [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "Kubernetes API call failed, retrying (attempt {Attempt}): {Detail}")]
        public static partial void TransientRetried(ILogger logger, int attempt, string detail);
    }
}
