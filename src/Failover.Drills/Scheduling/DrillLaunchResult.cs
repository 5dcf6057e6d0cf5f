namespace Failover.Drills.Scheduling;

/// <summary>Whether the drill was started (with its operation id) or refused, and why.</summary>
public sealed record DrillLaunchResult(bool Started, string? DrillId, string? Reason)
{
    public static DrillLaunchResult Accepted(string drillId) => new(true, drillId, null);

    public static DrillLaunchResult Refused(string reason) => new(false, null, reason);
}
