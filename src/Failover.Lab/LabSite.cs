using System.Net;

namespace Failover.Lab;

/// <summary>One lab site: a failure domain on this machine, with its own loopback addresses.</summary>
/// <param name="PublicAddress">What the control plane and the edge use; it goes through the site's relay so it can be partitioned.</param>
/// <param name="PrivateAddress">Where the site's processes really listen; replication between sites uses it directly.</param>
public sealed record LabSite(string Id, string Provider, string Location, IPAddress PublicAddress, IPAddress PrivateAddress)
{
    /// <summary>The name PostgreSQL knows this site's instance by (application_name, replication slot).</summary>
    public string InstanceName => Id.Replace('-', '_');
}
