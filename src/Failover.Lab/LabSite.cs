namespace Failover.Lab;

/// <summary>One lab site: a failure domain on this machine. Its addresses depend on the lab's network (<see cref="Network.LabNetwork"/>).</summary>
/// <param name="Number">1, 2, 3: the last byte of its addresses in either network.</param>
public sealed record LabSite(string Id, string Provider, string Location, int Number)
{
    /// <summary>The name PostgreSQL knows this site's instance by (application_name, replication slot).</summary>
    public string InstanceName => Id.Replace('-', '_');
}
