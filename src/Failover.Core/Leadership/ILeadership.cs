namespace Failover.Core.Leadership;

/// <summary>
/// Who may act. Several control-plane instances observe and feed the quorum; only the leader starts or continues
/// operations and accepts operators' commands. Losing leadership cancels <see cref="LeadershipState.Lost"/>, and the
/// acting code stops at its next step boundary (the journal makes the operation resumable by the next leader).
/// </summary>
public interface ILeadership
{
    /// <summary>This instance's identity (a pod name, a host name).</summary>
    string Identity { get; }

    /// <summary>The state now; a new value each time leadership is gained or lost, or another leader is seen.</summary>
    LeadershipState Current { get; }

    /// <summary>Campaigns (and holds leadership when won) until <paramref name="cancellationToken"/> is cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}

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
