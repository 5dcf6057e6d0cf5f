namespace Failover.Core.Health;

/// <summary>
/// A service's application health at one site, as the voting observers that probe it there see it. Reported (status,
/// API), never part of a site's verdict: it does not make the site unhealthy for other services, and a failover
/// candidate does not need it (its application may be scaled to zero).
/// </summary>
/// <param name="State">Healthy or Down when a quorum of voters agrees; else Suspect when any sees it unhealthy, or Unknown.</param>
/// <param name="Since">The earliest time a voter's view entered the state it reports.</param>
/// <param name="FailingProbes">Target ids failing, with each observer's last error.</param>
public sealed record ApplicationVerdict(
    string ServiceId,
    string SiteId,
    HealthState State,
    DateTimeOffset Since,
    IReadOnlyDictionary<string, HealthState> ObserverStates,
    IReadOnlyDictionary<string, string> FailingProbes);
