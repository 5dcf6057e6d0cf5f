using Failover.Core.Topology;

namespace Failover.Drills.Scheduling;

/// <summary>Entry points for the control plane and the CLI.</summary>
public static class DrillScheduling
{
    /// <summary>The estate's maintenance windows, for the switchover drill's check.</summary>
    /// <exception cref="FormatException">A window's cron expression is malformed (the estate loader reports it first).</exception>
    public static IMaintenanceWindows MaintenanceWindows(Estate estate) => new EstateMaintenanceWindows(estate);
}
