using Failover.ControlPlane.Runtime;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.ControlPlane.Api;

/// <summary>The estate at a glance: each site's verdict with its evidence, each service's primary, epoch, members and operation.</summary>
public sealed record StatusView(DateTimeOffset? At, bool Ready, IReadOnlyList<SiteStatus> Sites, IReadOnlyList<ServiceStatus> Services)
{
    internal static StatusView Build(Estate estate, RuntimeStatus runtime, TimeProvider time)
    {
        var latest = runtime.Latest;
        var verdicts = latest.Verdicts.ToDictionary(v => v.SiteId, StringComparer.Ordinal);
        var sites = estate.Sites.Select(s => SiteStatus.From(s, verdicts.GetValueOrDefault(s.Id))).ToList();
        var services = estate.Services.OrderBy(s => s.Priority)
            .Select(s => ServiceStatus.From(s, latest.States.GetValueOrDefault(s.Id), latest.Observations, latest.ActiveOperations, time.GetUtcNow()))
            .ToList();
        return new StatusView(latest.At, runtime.IsReady, sites, services);
    }
}

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

public sealed record MemberStatus(string Site, bool Reachable, string Role, string? Problem, long? LagBytes, double? ReplayLagSeconds, bool Fenced, string? Lsn);

public sealed record ServiceStatus(
    string Id, string DisplayName, string Primary, long Epoch, string DnsName, string Router, IReadOnlyList<MemberStatus> Members, string? ActiveOperation)
{
    internal static ServiceStatus From(
        Service service, ServiceState? state, IReadOnlyDictionary<(string, string), MemberObservation> observations, IReadOnlyList<OperationRecord> active, DateTimeOffset now)
    {
        var primary = state?.PrimarySiteId ?? service.PrimarySiteId;
        var primaryLsn = observations.GetValueOrDefault((service.Id, primary))?.CurrentLsn;
        var members = service.SiteIds.Select(site =>
        {
            var o = observations.GetValueOrDefault((service.Id, site));
            if (o is null)
            {
                return new MemberStatus(site, false, "unknown", "not observed yet", null, null, false, null);
            }

            var position = o.Role == DatabaseRole.Primary ? o.CurrentLsn : o.ReplayLsn;
            long? lag = o.Role == DatabaseRole.Standby && primaryLsn is { } p && o.ReplayLsn is { } r ? p.BytesAfter(r) : null;
            double? lagSeconds = o.Role == DatabaseRole.Standby && o.LastReplayedCommitAt is { } at ? Math.Max(0, (now - at).TotalSeconds) : null;
            return new MemberStatus(site, o.Reachable, o.Role.ToString().ToLowerInvariant(), o.Reachable ? null : $"{o.Failure}: {o.FailureDetail}", lag, lagSeconds, o.Fenced, position?.ToString());
        }).ToList();
        var op = active.FirstOrDefault(a => a.ServiceId == service.Id);
        return new ServiceStatus(service.Id, service.DisplayName, primary, state?.Epoch.Value ?? 1, service.Traffic.DnsName, service.Traffic.RouterId, members,
            op is null ? null : $"{op.Id} ({op.Kind.ToString().ToLowerInvariant()}, {op.Status.ToString().ToLowerInvariant()})");
    }
}
