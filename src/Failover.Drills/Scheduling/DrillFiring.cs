using Failover.Core.Topology;

namespace Failover.Drills.Scheduling;

/// <summary>What happened when a schedule fired.</summary>
/// <param name="At">When the job ran.</param>
/// <param name="ScheduledFor">The fire time the trigger computed (cron and calendars), which <paramref name="At"/> trails.</param>
public sealed record DrillFiring(
    string ServiceId, string ScheduleId, DrillKind Kind, DateTimeOffset At, DrillFiringOutcome Outcome, string? DrillId, string? Reason, DateTimeOffset? ScheduledFor = null);
