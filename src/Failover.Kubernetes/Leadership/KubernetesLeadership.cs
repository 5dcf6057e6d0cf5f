using Failover.Core.Leadership;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Kubernetes.Leadership;

/// <summary>Builds leadership on a Lease (<c>failover serve --leader-election</c>).</summary>
public static class KubernetesLeadership
{
    public static ILeadership Create(IKubernetes client, LeaseLeadershipOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        return new LeaseLeadership(client, options.Validate(), logger ?? NullLogger.Instance);
    }
}
