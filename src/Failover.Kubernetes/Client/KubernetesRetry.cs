using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Failover.Kubernetes.Client;

/// <summary>
/// The one retry pipeline for Kubernetes API calls: transient failures (unreachable, overloaded, 5xx, an attempt past
/// its deadline) retried with exponential backoff and jitter, optionally around a per-attempt timeout. A refusal or a
/// bad document is never retried; a 409 Conflict only when <see cref="KubernetesRetryOptions.RetryConflicts"/> says so.
/// </summary>
internal static partial class KubernetesRetry
{
    public static ResiliencePipeline Create(KubernetesRetryOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time, Name = options.Name }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => ShouldRetry(e, options)),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.Delay,
                MaxDelay = TimeSpan.FromSeconds(2),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } e)
                    {
                        if (KubernetesErrors.IsConflict(e))
                        {
                            Log.ConflictRetried(logger, options.Name, args.AttemptNumber + 1);
                        }
                        else
                        {
                            Log.TransientRetried(logger, options.Name, args.AttemptNumber + 1, e is TimeoutException ? e.Message : KubernetesErrors.Describe(e).Detail);
                        }
                    }

                    return default;
                },
            });
        if (options.AttemptTimeout is { } attempt)
        {
            builder.AddTimeout(attempt);
        }

        return builder.Build();
    }

    internal static bool ShouldRetry(Exception e, KubernetesRetryOptions options) => e switch
    {
        TimeoutException => options.RetryTimeouts,
        _ => KubernetesErrors.IsRetryable(e) && (options.RetryConflicts || KubernetesErrors.StatusOf(e) != HttpStatusCode.Conflict),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "{Pipeline}: Kubernetes object changed under us (409 Conflict): re-reading and re-applying, attempt {Attempt}")]
        public static partial void ConflictRetried(ILogger logger, string pipeline, int attempt);

        [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "{Pipeline}: Kubernetes API call failed, retrying (attempt {Attempt}): {Detail}")]
        public static partial void TransientRetried(ILogger logger, string pipeline, int attempt, string detail);
    }
}
