namespace Failover.Drills.Scheduling;

public enum DrillFiringOutcome
{
    Started,
    Refused,
    /// <summary>Skipped: the drill hold was in force (a site not Healthy or an operation active).</summary>
    Frozen,
    Failed,
}
