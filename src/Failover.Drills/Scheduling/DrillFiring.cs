using Failover.Core.Topology;

namespace Failover.Drills.Scheduling;

public enum DrillFiringOutcome
{
    Started,
    Refused,
    /// <summary>Skipped: the drill hold was in force (a site not Healthy or an operation active).</summary>
    Frozen,
    Failed,
}

/// <summary>What happened when a schedule fired.</summary>
/// <param name="At">When the job ran.</param>
/// <param name="ScheduledFor">The fire time the trigger computed (cron and calendars), which <paramref name="At"/> trails.</param>
public sealed record DrillFiring(
    string ServiceId, string ScheduleId, DrillKind Kind, DateTimeOffset At, DrillFiringOutcome Outcome, string? DrillId, string? Reason, DateTimeOffset? ScheduledFor = null);

/// <summary>The most recent firings, newest last, for the API and the tests.</summary>
public sealed class DrillFiringLog
{
    private const int Capacity = 200;
    private readonly Queue<DrillFiring> _items = new();
    private readonly Lock _lock = new();

    public void Add(DrillFiring firing)
    {
        lock (_lock)
        {
            _items.Enqueue(firing);
            while (_items.Count > Capacity)
            {
                _items.Dequeue();
            }
        }
    }

    public IReadOnlyList<DrillFiring> Recent()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }
}
