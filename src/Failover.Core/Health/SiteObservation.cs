namespace Failover.Core.Health;

/// <summary>How one observer sees one site: the aggregate of its liveness witnesses (applications are not among them).</summary>
/// <param name="State">Down only when every target with a result is Down; Flapping when a target flaps.</param>
/// <param name="Since">When this observer's view of the site entered <paramref name="State"/>.</param>
/// <param name="UnhealthyFor">For Down: the least unhealthy time of its targets (how long the whole site has been failing).</param>
public sealed record SiteObservation(
    string SiteId,
    HealthState State,
    DateTimeOffset Since,
    TimeSpan UnhealthyFor,
    IReadOnlyList<TargetObservation> Targets);
