using Failover.Drills.Scheduling;

namespace Failover.ControlPlane.Api;

public sealed record DrillScheduleView(DateTimeOffset At, bool SchedulerRunning, IReadOnlyList<DrillScheduleItem> Schedules, IReadOnlyList<DrillFiring> RecentFirings);
