namespace Failover.Core.Topology;

/// <summary>A service's drills: when they run, and when disruptive ones (switchover drills) are allowed.</summary>
/// <param name="MaintenanceWindowIds">Ids of estate maintenance windows; none means a switchover drill is never allowed.</param>
public sealed record ServiceDrills(IReadOnlyList<DrillSchedule> Schedules, IReadOnlyList<string> MaintenanceWindowIds)
{
    public static readonly ServiceDrills None = new([], []);
}
