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
