namespace Failover.Core.Decisions;

/// <summary>
/// A time window during which no automatic operation starts for the services (or sites) it covers: a maintenance
/// window, or a drill's window. A null service and site covers everything.
/// </summary>
public sealed record FreezeWindow(FreezeWindowKind Kind, string? ServiceId, string? SiteId, DateTimeOffset Start, DateTimeOffset End, string Reason)
{
    public bool Covers(Topology.Service service, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(service);
        return now >= Start && now < End
            && (ServiceId is null || ServiceId == service.Id)
            && (SiteId is null || service.SiteIds.Contains(SiteId));
    }
}
