namespace Failover.Drills.Scheduling;

/// <summary>Held with a reason a human can read, or open.</summary>
public sealed record DrillHoldDecision(bool Held, string? Reason)
{
    public static readonly DrillHoldDecision Open = new(false, null);

    public static DrillHoldDecision Because(string reason) => new(true, reason);
}
