namespace Failover.Core.Health;

/// <summary>The health of a target or a site as one observer, or the quorum of observers, judges it.</summary>
public enum HealthState
{
    Unknown,
    Healthy,
    Suspect,
    Down,
    Flapping,
    /// <summary>Only for a site: a quorum of observers saw it Down for the grace period.</summary>
    Lost,
}
