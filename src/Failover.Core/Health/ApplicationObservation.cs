namespace Failover.Core.Health;

/// <summary>How one observer sees one service's application at the site where it probes it (the service's active site).</summary>
/// <param name="State">The aggregate of its targets (one per ingress address), by the same rule as a site's witnesses.</param>
/// <param name="Since">When this observer's view of the application entered <paramref name="State"/>.</param>
public sealed record ApplicationObservation(
    string ServiceId,
    string SiteId,
    HealthState State,
    DateTimeOffset Since,
    TimeSpan UnhealthyFor,
    IReadOnlyList<TargetObservation> Targets);
