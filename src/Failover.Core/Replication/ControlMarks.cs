namespace Failover.Core.Replication;

/// <summary>The marks the control plane keeps on a member: whether it is fenced, and the epoch it last acted under.</summary>
public sealed record ControlMarks(bool Fenced, Epoch? Epoch)
{
    /// <summary>Not fenced, never acted on (also what an unreachable member shows).</summary>
    public static ControlMarks None { get; } = new(false, null);
}
