using Failover.Core.Replication;

namespace Failover.Core.Agents;

/// <summary>The seam when no site of the estate runs an agent: covers nothing, so no member is ever fenced by a lease.</summary>
public sealed class NoSiteAgents : ISiteAgents
{
    public bool Covers(DatabaseMember member) => false;

    public Task<AgentReply> GrantLeaseAsync(DatabaseMember member, LeaseGrant grant, CancellationToken cancellationToken) => Task.FromResult(NoAgent(member));

    public Task<AgentReply> FenceAsync(DatabaseMember member, Epoch epoch, string reason, CancellationToken cancellationToken) => Task.FromResult(NoAgent(member));

    public Task<AgentReply> StatusAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) => Task.FromResult(NoAgent(member));

    private static AgentReply NoAgent(DatabaseMember member) => AgentReply.Failed(AgentFailure.Refused, $"{member.SiteId} runs no site agent");
}
