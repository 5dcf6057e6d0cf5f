using Failover.ControlPlane.Runtime;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Core.Traffic;

namespace Failover.ControlPlane.Api;

/// <summary>The estate at a glance: each site's verdict with its evidence, each service's primary, epoch, members and operation.</summary>
/// <param name="Role">This instance: <c>leader</c> (acts) or <c>follower</c> (observes, feeds the quorum).</param>
/// <param name="Identity">This instance's identity in the election.</param>
/// <param name="Leader">Who leads, as far as this instance knows.</param>
public sealed record StatusView(
    DateTimeOffset? At, bool Ready, IReadOnlyList<SiteStatus> Sites, IReadOnlyList<ServiceStatus> Services, string Role = "leader", string? Identity = null, string? Leader = null)
{
    internal static async Task<StatusView> BuildAsync(
        Estate estate, RuntimeStatus runtime, IReadOnlyList<ITrafficRouter> routers, TimeProvider time, CancellationToken cancellationToken, Core.Leadership.ILeadership? leadership = null)
    {
        var latest = runtime.Latest;
        var verdicts = latest.Verdicts.ToDictionary(v => v.SiteId, StringComparer.Ordinal);
        var sites = estate.Sites.Select(s => SiteStatus.From(s, verdicts.GetValueOrDefault(s.Id))).ToList();
        var services = new List<ServiceStatus>();
        foreach (var s in estate.Services.OrderBy(s => s.Priority))
        {
            var traffic = await TrafficTargetAsync(estate, s, routers, cancellationToken);
            services.Add(ServiceStatus.From(s, latest.States.GetValueOrDefault(s.Id), latest.Observations, latest.ActiveOperations, time.GetUtcNow(), traffic));
        }

        var lead = leadership?.Current;
        return new StatusView(latest.At, runtime.IsReady, sites, services, lead?.Role ?? "leader", leadership?.Identity, lead?.Leader);
    }

    /// <summary>Where the router says traffic goes now (read at the source, bounded), e.g. <c>ovh-rbx</c> or <c>ovh-sbg 90%, ovh-rbx 10%</c>.</summary>
    private static async Task<string> TrafficTargetAsync(Estate estate, Service service, IReadOnlyList<ITrafficRouter> routers, CancellationToken cancellationToken)
    {
        var kind = estate.RouterOf(service).Kind;
        if (routers.FirstOrDefault(r => r.Kind == kind) is not { } router)
        {
            return $"unknown (no {kind} router)";
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            var state = await router.ReadAsync(new TrafficRoute(service.Id, service.Traffic.RouterId, service.Traffic.DnsName), timeout.Token);
            return state.Targets.Count switch
            {
                0 => "none",
                1 => state.Targets[0].SiteId,
                _ => string.Join(", ", state.Targets.Select(t => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{t.SiteId} {t.Weight:P0}"))),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "unknown (the router did not answer within 2 s)";
        }
        catch (Exception e) when (e is TrafficReadException or HttpRequestException or InvalidOperationException)
        {
            return $"unknown ({e.Message})";
        }
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
    string Id, string DisplayName, string Primary, long Epoch, string DnsName, string Router, string TrafficTarget, IReadOnlyList<MemberStatus> Members, string? ActiveOperation)
{
    internal static ServiceStatus From(
        Service service, ServiceState? state, IReadOnlyDictionary<(string, string), MemberObservation> observations, IReadOnlyList<OperationRecord> active, DateTimeOffset now,
        string trafficTarget)
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
        return new ServiceStatus(service.Id, service.DisplayName, primary, state?.Epoch.Value ?? 1, service.Traffic.DnsName, service.Traffic.RouterId, trafficTarget, members,
            op is null ? null : $"{op.Id} ({op.Kind.ToString().ToLowerInvariant()}, {op.Status.ToString().ToLowerInvariant()})");
    }
}
