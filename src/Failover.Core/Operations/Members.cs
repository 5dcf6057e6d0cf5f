using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Core.Traffic;

namespace Failover.Core.Operations;

/// <summary>Builds the seam-level names of a service's members and targets from the topology.</summary>
public static class Members
{
    public static DatabaseMember Of(Estate estate, Service service, string siteId)
    {
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(service);
        var site = estate.Site(siteId);
        var endpoint = site.Postgres.Count > 0 ? site.Postgres[0] : new HostEndpoint(siteId, 5432);
        return new DatabaseMember(service.Id, siteId, endpoint, service.Database.Name, service.Database.User, service.Database.Password);
    }

    public static WeightedTarget TrafficTarget(Estate estate, Service service, string siteId)
    {
        ArgumentNullException.ThrowIfNull(estate);
        return SwitchRequests.TargetOf(service, estate.Site(siteId));
    }
}
