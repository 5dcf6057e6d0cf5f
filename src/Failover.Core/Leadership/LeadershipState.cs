namespace Failover.Core.Leadership;

/// <summary>One observation of leadership.</summary>
/// <param name="IsLeader">This instance leads and may act.</param>
/// <param name="Leader">Who leads, as far as this instance knows (null: unknown, e.g. during an election).</param>
/// <param name="Term">Counts this instance's terms as leader (0 before the first); a new engine is built for each term.</param>
/// <param name="Lost">Cancelled when the term ends; already cancelled when <paramref name="IsLeader"/> is false.</param>
public sealed record LeadershipState(bool IsLeader, string? Leader, long Term, CancellationToken Lost)
{
    public static LeadershipState Follower(string? leader) => new(false, leader, 0, new CancellationToken(canceled: true));

    /// <summary>The role for status pages: <c>leader</c> or <c>follower</c>.</summary>
    public string Role => IsLeader ? "leader" : "follower";
}
