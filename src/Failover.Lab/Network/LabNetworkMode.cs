namespace Failover.Lab.Network;

/// <summary>How the lab's sites are connected to each other and to the control side.</summary>
public enum LabNetworkMode
{
    /// <summary>Loopback addresses; the control plane and the edge reach each site through a user-space relay that <c>lab partition</c> stops.</summary>
    Relay,

    /// <summary>As root: one network namespace per site on a bridge; <c>lab partition</c> sets the site's link down (packets dropped).</summary>
    Namespaces,
}
