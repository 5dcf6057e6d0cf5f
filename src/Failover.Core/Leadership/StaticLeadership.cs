namespace Failover.Core.Leadership;

/// <summary>
/// Leadership decided by configuration, for a single control plane (always leads) and for an observe-only instance
/// (never leads): what <c>failover serve</c> did before leader election.
/// </summary>
public sealed class StaticLeadership : ILeadership
{
    private StaticLeadership(string identity, LeadershipState state)
    {
        Identity = identity;
        Current = state;
    }

    public string Identity { get; }

    public LeadershipState Current { get; }

    /// <summary>The only instance that acts: leads for ever, in one term.</summary>
    public static StaticLeadership Always(string identity) => new(identity, new LeadershipState(true, identity, 1, CancellationToken.None));

    /// <summary>An instance that only observes; <paramref name="leader"/> names the one that acts, when known.</summary>
    public static StaticLeadership Never(string identity, string? leader = null) => new(identity, LeadershipState.Follower(leader));

    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
