using Failover.Core;
using Failover.Core.Agents;
using Failover.Core.Replication;

namespace Failover.Simulation;

/// <summary>
/// The site agents of the simulated sites: each holds its member's write lease on simulated time (the world fences a
/// primary whose lease ran out, partitioned or not), refuses a lower epoch than it has seen, unfences a lease-fenced
/// primary on a new grant, and hard-fences on request (member fenced, the site's application stopped). An agent is
/// reached exactly when the control plane reaches its site.
/// </summary>
internal sealed class SimAgents(SimWorld world) : ISiteAgents
{
    public bool Covers(DatabaseMember member) => world.HasAgents;

    public Task<AgentReply> GrantLeaseAsync(DatabaseMember member, LeaseGrant grant, CancellationToken cancellationToken)
    {
        if (Refusal(member, grant.Epoch) is { } refused)
        {
            return Task.FromResult(refused);
        }

        var db = world.Databases[(member.ServiceId, member.SiteId)];
        db.See(grant.Epoch);
        if (grant.Primary)
        {
            db.LeaseUntil = world.Now + grant.Ttl;
            if (db is { Role: DatabaseRole.Primary, Fenced: true, FencedBy: "lease" })
            {
                db.Fenced = false;
                db.FencedBy = null;
            }
        }

        return Task.FromResult(AgentReply.Answered(Status(db)));
    }

    public Task<AgentReply> FenceAsync(DatabaseMember member, Epoch epoch, string reason, CancellationToken cancellationToken)
    {
        if (Refusal(member, epoch) is { } refused)
        {
            return Task.FromResult(refused);
        }

        var db = world.Databases[(member.ServiceId, member.SiteId)];
        db.See(epoch);
        db.LeaseUntil = null;
        if (db.Role == DatabaseRole.Primary && !db.Fenced)
        {
            db.Fenced = true;
            db.FencedBy = "agent";
        }

        world.Workloads[(member.ServiceId, member.SiteId)].Active = false;
        world.MaybeCrash();
        return Task.FromResult(AgentReply.Answered(Status(db), $"fenced: {reason}"));
    }

    public Task<AgentReply> StatusAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) =>
        Task.FromResult(Refusal(member, epoch) ?? AgentReply.Answered(Status(world.Databases[(member.ServiceId, member.SiteId)])));

    private AgentReply? Refusal(DatabaseMember member, Epoch epoch)
    {
        if (!world.HasAgents)
        {
            return AgentReply.Failed(AgentFailure.Refused, $"{member.SiteId} runs no site agent");
        }

        if (!world.EngineReaches(member.SiteId))
        {
            return AgentReply.Failed(AgentFailure.Unreachable, "no route to the site agent");
        }

        var db = world.Databases[(member.ServiceId, member.SiteId)];
        return epoch < db.HighestEpoch ? AgentReply.Failed(AgentFailure.StaleEpoch, $"agent has seen epoch {db.HighestEpoch}") : null;
    }

    private AgentStatus Status(SimDatabase db)
    {
        var now = world.Now;
        var lease = db.LeaseUntil is { } until && until > now ? new AgentLease(db.HighestEpoch, db.Role == DatabaseRole.Primary, "control plane", until - now) : null;
        var view = new AgentMemberView(db.Role, db.Timeline, new Lsn(db.CurrentLsn), null, null, new Lsn(db.ReplayLsn), db.Upstream is not null, []);
        return new AgentStatus(db.ServiceId, db.SiteId, db.HighestEpoch, lease, db.Fenced, ServerRunning: true, view, [], now);
    }
}
