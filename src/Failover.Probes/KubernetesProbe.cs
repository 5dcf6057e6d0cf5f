using Failover.Core.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Probes;

/// <summary>
/// Kubernetes probe over <see cref="IKubernetesHealthClient"/>: API reachable and, when a Deployment is named, at least
/// the target's minimum of available replicas (else Unavailable). Own timeout; never throws for a failure.
/// </summary>
internal sealed partial class KubernetesProbe(IKubernetesHealthClient client, TimeProvider time, ILogger<KubernetesProbe>? logger = null) : IProbe
{
    private readonly ILogger _logger = logger ?? NullLogger<KubernetesProbe>.Instance;

    public bool CanProbe(ProbeTarget target) => target is KubernetesProbeTarget;

    public async ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var k8s = (KubernetesProbeTarget)target;
        var clock = ProbeClock.Start(time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(target.Timeout);
        ProbeResult result;
        try
        {
            var report = await client.CheckAsync(k8s.Cluster, k8s.Deployment, cts.Token);
            result = report.Reason != ProbeFailureReason.None
                ? clock.Fail(target, report.Reason, report.Detail ?? "Kubernetes API check failed")
                : k8s.Deployment is null
                    ? clock.Ok(target, "API reachable")
                    : report.AvailableReplicas is not { } available
                        ? clock.Fail(target, ProbeFailureReason.Unavailable, $"deployment {k8s.Deployment} not found")
                        : available < k8s.MinAvailableReplicas
                            ? clock.Fail(target, ProbeFailureReason.Unavailable, $"deployment {k8s.Deployment}: {available} available, {k8s.MinAvailableReplicas} required")
                            : clock.Ok(target, $"deployment {k8s.Deployment}: {available} available");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = clock.Fail(target, ProbeFailureReason.Timeout, $"no answer within {target.Timeout.TotalMilliseconds:0} ms");
        }
#pragma warning disable CA1031 // A client that throws is still only a failed result for the sweep.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            result = clock.Fail(target, ProbeFailureReason.Error, $"{e.GetType().Name}: {e.Message}");
        }

        if (!result.Succeeded)
        {
            Log.ProbeFailed(_logger, target.Id, result.Reason, result.Detail);
        }

        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4431, Level = LogLevel.Debug, Message = "Kubernetes probe {TargetId} failed: {Reason} {Detail}")]
        public static partial void ProbeFailed(ILogger logger, string targetId, ProbeFailureReason reason, string? detail);
    }
}
