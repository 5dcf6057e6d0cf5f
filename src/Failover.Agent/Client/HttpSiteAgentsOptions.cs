namespace Failover.Agent.Client;

/// <summary>Deadlines of the calls to the site agents.</summary>
public sealed class HttpSiteAgentsOptions
{
    /// <summary>Bound of a lease, fence or status call; a slower agent is a <c>Timeout</c>.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Bound of a rebuild (pg_rewind or pg_basebackup and the wait until the member streams).</summary>
    public TimeSpan RebuildTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
