using Failover.Core.Health;
using Failover.Core.Topology;
using Failover.Kubernetes.Client;
using k8s;

namespace Failover.Kubernetes.Health;

/// <summary>
/// The Kubernetes probe's seam over the real client: GET /version (the API answers; a rejected token is a 401 even
/// there, since authentication comes before the endpoint's public authorization), then the Deployment's available replicas when
/// one is named. One attempt, no retry (the probe's schedule is the retry); every failure is a typed report; the
/// caller's token (the probe's timeout) bounds it.
/// </summary>
internal sealed class KubernetesHealthClient(IKubernetesClientFactory clients) : IKubernetesHealthClient
{
    public async ValueTask<KubernetesHealthReport> CheckAsync(KubernetesTarget cluster, string? deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        try
        {
            var client = clients.ClientFor(cluster);
            await client.Version.GetCodeAsync(cancellationToken);
            if (deployment is null)
            {
                return new KubernetesHealthReport(ProbeFailureReason.None, "API reachable", null);
            }

            try
            {
                var found = await client.AppsV1.ReadNamespacedDeploymentAsync(deployment, cluster.Namespace, cancellationToken: cancellationToken);
                var available = found.Status?.AvailableReplicas ?? 0;
                return new KubernetesHealthReport(ProbeFailureReason.None, $"deployment {deployment}: {available} available", available);
            }
            catch (Exception e) when (KubernetesErrors.IsNotFound(e))
            {
                return new KubernetesHealthReport(ProbeFailureReason.None, $"deployment {deployment} not found in {cluster.Namespace}", null);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failed check is a report, never an exception through the probe sweep.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var (reason, detail) = KubernetesErrors.Describe(e);
            return new KubernetesHealthReport(reason, detail, null);
        }
    }
}
