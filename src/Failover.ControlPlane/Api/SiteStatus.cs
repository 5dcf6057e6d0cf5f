using Failover.Core.Health;
using Failover.Core.Topology;

namespace Failover.ControlPlane.Api;

public sealed record SiteStatus(
    string Id, string Location, string State, DateTimeOffset? Since, double UnhealthySeconds, bool QuorumConfirmed, string? AutomaticActionBlocked,
    IReadOnlyList<string> ObserversDown, IReadOnlyList<string> ObserversVoting, IReadOnlyDictionary<string, string> ObserversAbstaining,
    IReadOnlyDictionary<string, string> FailingProbes)
{
    internal static SiteStatus From(Site site, SiteVerdict? v) => v is null
        ? new(site.Id, site.Location, "unknown", null, 0, false, null, [], [], new Dictionary<string, string>(), new Dictionary<string, string>())
        : new(site.Id, site.Location, v.State.ToString().ToLowerInvariant(), v.Since, v.UnhealthyFor.TotalSeconds, v.QuorumConfirmed, v.AutomaticActionBlocked,
            v.Evidence.ObserversDown, v.Evidence.ObserversVoting, v.Evidence.ObserversAbstaining, v.Evidence.FailingProbes);
}
