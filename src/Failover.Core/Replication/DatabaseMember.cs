using Failover.Core.Topology;

namespace Failover.Core.Replication;

/// <summary>One PostgreSQL instance of a service's database, at one site.</summary>
public sealed record DatabaseMember(string ServiceId, string SiteId, HostEndpoint Endpoint, string Database, string User, SecretReference Password)
{
    public override string ToString() => $"{ServiceId}@{SiteId} ({Endpoint})";
}
