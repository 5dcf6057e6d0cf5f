using Failover.Core.Topology;

namespace Failover.ControlPlane.Api;

public sealed record ServiceView(
    string Id, string DisplayName, string ConfiguredPrimary, IReadOnlyList<string> Standbys, string Replication, string DnsName, string Router, double RtoSeconds, double RpoSeconds)
{
    public static ServiceView From(Service s) => new(
        s.Id, s.DisplayName, s.PrimarySiteId, s.StandbySiteIds, s.Database.Replication.ToString().ToLowerInvariant(),
        s.Traffic.DnsName, s.Traffic.RouterId, s.Targets.Rto.TotalSeconds, s.Targets.Rpo.TotalSeconds);
}
