using Failover.ControlPlane.Runtime;
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
            var status = ServiceStatus.From(s, latest.States.GetValueOrDefault(s.Id), latest.Observations, latest.ActiveOperations, time.GetUtcNow(), traffic, latest.Leases, latest.Quotes);
            services.Add(s.Health.Http is null ? status : status with
            {
                Application = ApplicationStatus.From(status.Primary, [.. latest.Applications.Where(a => a.ServiceId == s.Id)]),
            });
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
