namespace Failover.Core.Replication;

/// <summary>How PostgreSQL names a site's instance: by its id with '-' written '_' (application_name, replication slot).</summary>
public static class ReplicaNames
{
    public static bool Names(string applicationName, string siteId) =>
        string.Equals(applicationName, siteId, StringComparison.OrdinalIgnoreCase)
        || string.Equals(applicationName, siteId.Replace('-', '_'), StringComparison.OrdinalIgnoreCase);
}
