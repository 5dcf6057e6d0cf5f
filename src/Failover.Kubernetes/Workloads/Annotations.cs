using System.Globalization;
using k8s.Models;

namespace Failover.Kubernetes.Workloads;

/// <summary>The marks the workload control leaves on what it changed, and the epoch check they allow.</summary>
internal static class Annotations
{
    public const string Epoch = "failover.io/epoch";
    public const string Operation = "failover.io/operation";

    /// <summary>On a pod template: the primary the pods were started with (a change restarts them).</summary>
    public const string Primary = "failover.io/primary";

    public const string RestartedAt = "kubectl.kubernetes.io/restartedAt";

    public static void Stamp(V1ObjectMeta metadata, Core.Epoch epoch, string operationId)
    {
        metadata.Annotations ??= new Dictionary<string, string>();
        metadata.Annotations[Epoch] = epoch.ToString();
        metadata.Annotations[Operation] = operationId;
    }

    /// <summary>An object already changed by a later epoch must not be changed by this (older) one.</summary>
    public static void RefuseStale(V1ObjectMeta metadata, Core.Epoch epoch)
    {
        if (metadata.Annotations?.TryGetValue(Epoch, out var text) == true
            && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seen)
            && seen > epoch.Value)
        {
            throw new StaleEpochException($"{metadata.Name} was changed at epoch {seen}, this request carries epoch {epoch}");
        }
    }
}
