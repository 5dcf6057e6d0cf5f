namespace Failover.Core.Decisions;

public enum FreezeKind
{
    Maintenance,
    Drill,
}

/// <summary>
/// A period during which no automatic operation starts for the services (or sites) it covers: a maintenance
/// window, or a drill freeze. A null service and site covers everything.
/// </summary>
public sealed record Freeze(FreezeKind Kind, string? ServiceId, string? SiteId, DateTimeOffset Start, DateTimeOffset End, string Reason)
{
    public bool Covers(Topology.Service service, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(service);
        return now >= Start && now < End
            && (ServiceId is null || ServiceId == service.Id)
            && (SiteId is null || service.SiteIds.Contains(SiteId));
    }
}
