namespace Failover.Core.Health;

/// <summary>How one observer sees one probe target at one instant.</summary>
/// <param name="State">Healthy, Suspect, Down, Flapping, or Unknown before the first result.</param>
/// <param name="Since">When the target entered <paramref name="State"/>.</param>
/// <param name="UnhealthyFor">Time spent Suspect or Down, accumulated across oscillations until the target is stable again.</param>
/// <param name="LastReason">The last probe's outcome (<see cref="ProbeFailureReason.None"/> when it succeeded).</param>
/// <param name="LastError">The last failure's reason and detail, kept after recovery as evidence; null if it never failed.</param>
/// <param name="LastFailureAt">When the last failed probe started.</param>
public sealed record TargetObservation(
    string TargetId,
    string SiteId,
    HealthState State,
    DateTimeOffset Since,
    TimeSpan UnhealthyFor,
    int ConsecutiveFailures,
    ProbeFailureReason LastReason,
    DateTimeOffset? LastProbeAt,
    string? LastError,
    DateTimeOffset? LastFailureAt)
{
    /// <summary>True when the last probe reached the target.</summary>
    /// <summary>Set when the target is this service's application, not a witness of the site (<see cref="ProbeTarget.ServiceId"/>).</summary>
    public string? ServiceId { get; init; }

    public bool Reachable => LastProbeAt is not null && LastReason == ProbeFailureReason.None;
}
