namespace Failover.Core.Topology;

/// <summary>How a service's application finds its database primary at a site.</summary>
public enum PrimaryPointerKind
{
    /// <summary>A Service of type ExternalName whose externalName is the primary's host; the port is in an annotation.</summary>
    ExternalName,

    /// <summary>A ConfigMap key holding <c>host:port</c>; the workloads are restarted to read it.</summary>
    ConfigMap,

    /// <summary>A Secret key holding <c>host:port</c>; the workloads are restarted to read it.</summary>
    Secret,
}

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
