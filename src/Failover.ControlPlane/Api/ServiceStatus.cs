using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.ControlPlane.Api;

public sealed record ServiceStatus(
    string Id, string DisplayName, string Primary, long Epoch, string DnsName, string Router, string TrafficTarget, IReadOnlyList<MemberStatus> Members, string? ActiveOperation)
{
    /// <summary>The application's health at the active site (<see cref="Primary"/>); null when the service has no HTTP check.</summary>
    public ApplicationStatus? Application { get; init; }

    internal static ServiceStatus From(
        Service service, ServiceState? state, IReadOnlyDictionary<(string, string), MemberObservation> observations, IReadOnlyList<OperationRecord> active, DateTimeOffset now,
        string trafficTarget, IReadOnlyDictionary<(string, string), LeaseStatus>? leases = null, IReadOnlyDictionary<(string, string), DataLossQuote>? quotes = null)
    {
        var primary = state?.PrimarySiteId ?? service.PrimarySiteId;
        var primarySeen = observations.GetValueOrDefault((service.Id, primary));
        var primaryLsn = primarySeen?.CurrentLsn;
        var members = service.SiteIds.Select(site =>
        {
            var o = observations.GetValueOrDefault((service.Id, site));
            var lease = leases?.GetValueOrDefault((service.Id, site));
            if (o is null)
            {
                return new MemberStatus(site, false, "unknown", "not observed yet", null, null, false, null, lease);
            }

            var position = o.Role == DatabaseRole.Primary ? o.CurrentLsn : o.ReplayLsn;
            var standby = o.Role == DatabaseRole.Standby;
            if (standby && quotes?.GetValueOrDefault((service.Id, site)) is { } quote)
            {
                return new MemberStatus(site, o.Reachable, "standby", o.Reachable ? null : $"{o.Failure}: {o.FailureDetail}", quote.LagBytes, quote.LagTime?.TotalSeconds, o.Fenced,
                    position?.ToString(), lease, quote.Amount);
            }

            // Without the leader's quote: what the standby flushed against the primary's last position; a standby at that
            // position is 0 s behind, however long ago the last transaction committed.
            long? lag = standby && primaryLsn is { } p && o.AcknowledgedLsn is { } a ? p.BytesAfter(a) : null;
            double? lagSeconds = !standby ? null
                : lag == 0 ? 0
                : o.LastReplayedCommitAt is { } at ? Math.Max(0, ((primarySeen?.ObservedAt ?? now) - at).TotalSeconds) : null;
            return new MemberStatus(site, o.Reachable, o.Role.ToString().ToLowerInvariant(), o.Reachable ? null : $"{o.Failure}: {o.FailureDetail}", lag, lagSeconds, o.Fenced, position?.ToString(), lease);
        }).ToList();
        var op = active.FirstOrDefault(a => a.ServiceId == service.Id);
        return new ServiceStatus(service.Id, service.DisplayName, primary, state?.Epoch.Value ?? 1, service.Traffic.DnsName, service.Traffic.RouterId, trafficTarget, members,
            op is null ? null : $"{op.Id} ({op.Kind.ToString().ToLowerInvariant()}, {op.Status.ToString().ToLowerInvariant()})");
    }
}
