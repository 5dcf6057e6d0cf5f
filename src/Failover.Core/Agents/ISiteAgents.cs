using Failover.Core.Replication;

namespace Failover.Core.Agents;

/// <summary>
/// The seam to the site agents, one beside each PostgreSQL member. Implementations never throw for a remote failure:
/// an unreachable, refusing or slow agent is an <see cref="AgentReply"/> with an <see cref="AgentFailure"/>. Every call
/// carries the service's epoch; an agent that has seen a higher one refuses it (<see cref="AgentFailure.StaleEpoch"/>).
/// </summary>
public interface ISiteAgents
{
    /// <summary>True when the member's site runs an agent (the estate gives <c>sites[].agent</c>).</summary>
    bool Covers(DatabaseMember member);

    /// <summary>Grants or renews the write lease. Only a grant with <see cref="LeaseGrant.Primary"/> lets the member write.</summary>
    Task<AgentReply> GrantLeaseAsync(DatabaseMember member, LeaseGrant grant, CancellationToken cancellationToken);

    /// <summary>Fences the member now (it can no longer commit; its sessions end; the site's application is stopped).</summary>
    Task<AgentReply> FenceAsync(DatabaseMember member, Epoch epoch, string reason, CancellationToken cancellationToken);

    /// <summary>The agent's report: the member as observed locally, the lease, the fences it journaled.</summary>
    Task<AgentReply> StatusAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken);
}
