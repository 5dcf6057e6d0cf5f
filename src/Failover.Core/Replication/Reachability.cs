namespace Failover.Core.Replication;

/// <summary>Whether a member answered, and if not, why.</summary>
/// <param name="Failure"><see cref="ReplicationFailure.None"/> when the member answered.</param>
public sealed record Reachability(ReplicationFailure Failure, string? Detail)
{
    /// <summary>The member answered.</summary>
    public static Reachability Reached { get; } = new(ReplicationFailure.None, null);

    public bool Reachable => Failure == ReplicationFailure.None;

    /// <summary>The member could not be read, for <paramref name="failure"/>.</summary>
    public static Reachability Lost(ReplicationFailure failure, string? detail)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(failure, ReplicationFailure.None);
        return new(failure, detail);
    }
}
