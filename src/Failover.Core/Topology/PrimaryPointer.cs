namespace Failover.Core.Topology;

/// <summary>
/// Where the workload control writes the current primary when it activates a site.
/// </summary>
/// <param name="Name">The Service (ExternalName) or the ConfigMap/Secret.</param>
/// <param name="Key">The ConfigMap/Secret key holding <c>host:port</c>; null for ExternalName.</param>
/// <param name="PortAnnotation">For ExternalName, the Service annotation that carries the port.</param>
/// <param name="Restart">For ConfigMap/Secret, the workloads to restart after a change; empty means all of the service's workloads.</param>
public sealed record PrimaryPointer(PrimaryPointerKind Kind, string Name, string? Key, string PortAnnotation, IReadOnlyList<string> Restart)
{
    public const string DefaultPortAnnotation = "failover.io/primary-port";
}
