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
