using System.Globalization;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Core.Operations.Steps;

/// <summary>
/// When an unreachable member that may be a writer counts as fenced: (a) its site agent answers that it is fenced at
/// this epoch; (b) this term's last lease grant + TTL + drift margin has passed on the monotonic clock (its agent has
/// fenced it by then); (c) it has no agent, replication is synchronous and the target was its sync standby at the last
/// observation; (d) a human approved the operation or requested it with force. Waiting alone never fences a member
/// without an agent.
/// </summary>
internal static class UnreachableFence
{
    /// <param name="askAgent">False at a cut-off site: its agent is not reachable, so only the lease running out proves the fence.</param>
    public static async Task<FenceProof> ProveAsync(StepContext context, DatabaseMember member, bool askAgent, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var epoch = context.State.Epoch;
        if (context.Agents.Covers(member))
        {
            var expired = context.Ledger.ExpiredFor(member.ServiceId, member.SiteId);
            if (expired >= TimeSpan.Zero)
            {
                return new FenceProof(true, LeaseRanOut(context, member.SiteId));
            }

            var (lastGrant, bound) = LeaseTerms(context, member.SiteId);

            if (!askAgent)
            {
                return new FenceProof(false, Seconds($"its site is cut off and its lease may hold {(-expired).TotalSeconds:0.0} s more ({lastGrant}, {bound})"));
            }

            // Still within the lease: only the agent's own answer proves the fence before it runs out.
            var reply = await context.Agents.FenceAsync(member, epoch, $"{op.Kind} {op.Id}: member unreachable", cancellationToken);
            if (reply is { Succeeded: true, Status: { } status } && (status.Fenced || !status.ServerRunning || status.Member.Role == DatabaseRole.Standby))
            {
                return new FenceProof(true, $"its site agent answers it is fenced at epoch {status.HighestEpoch?.ToString() ?? epoch.ToString()}");
            }

            return new FenceProof(false, Seconds($"its agent does not confirm a fence ({reply.Failure}: {reply.Detail}) and its lease may hold {(-expired).TotalSeconds:0.0} s more ({lastGrant}, {bound})"));
        }

        if (WasSyncPrimaryOfTarget(context, member))
        {
            return new FenceProof(true, $"no site agent, but replication is synchronous and {op.Plan.TargetSiteId} was its sync standby at the last observation");
        }

        if (op.Progress.ApprovedBy is { } approver)
        {
            return new FenceProof(true, $"no site agent; {approver} approved failing over without a fence");
        }

        if (op.Request.Force)
        {
            return new FenceProof(true, $"no site agent; {op.Request.RequestedBy} forced failing over without a fence");
        }

        return new FenceProof(false, Risk(member.SiteId));
    }

    /// <summary>How the journal says that a member's lease ran out by this term's ledger, and how long the operation waited.</summary>
    public static string LeaseRanOut(StepContext context, string siteId)
    {
        var (lastGrant, bound) = LeaseTerms(context, siteId);
        var waited = context.Operation.Progress.StartedAt is { } started ? Seconds($"; waited {(context.Now - started).TotalSeconds:0.0} s since the operation started") : "";
        return $"lease ran out ({lastGrant}, {bound}): self-fenced by its agent{waited}";
    }

    private static (string LastGrant, string Bound) LeaseTerms(StepContext context, string siteId)
    {
        var serviceId = context.Service.Id;
        var policy = context.Ledger.PolicyOf(serviceId);
        var lastGrant = context.Ledger.SinceLastGrant(serviceId, siteId) is { } since
            ? Seconds($"last grant sent {since.TotalSeconds:0.0} s ago")
            : "no grant this term, counted from the term's start";
        return (lastGrant, Seconds($"TTL {policy.Ttl.TotalSeconds:0.0} s + margin {policy.DriftMargin.TotalSeconds:0.0} s"));
    }

    /// <summary>The risk of failing over from an unreachable member that runs no agent, as the preview and the retries state it.</summary>
    public static string Risk(string siteId) =>
        $"{siteId} has no agent and is unreachable: it may still be writing (approve the operation, or request it with force, to accept the risk)";

    /// <summary>
    /// True when the synchronous-standby rule clears an old primary without an agent: the service replicates
    /// synchronously and <paramref name="targetSiteId"/> was its synchronous standby in <paramref name="lastReachable"/>.
    /// </summary>
    public static bool ClearedBySyncStandby(Service service, MemberObservation? lastReachable, string targetSiteId) =>
        SyncStandbyOf(service, lastReachable, targetSiteId);

    private static bool WasSyncPrimaryOfTarget(StepContext context, DatabaseMember member) =>
        SyncStandbyOf(context.Service, context.Observations.LastReachable(member.ServiceId, member.SiteId), context.Operation.Plan.TargetSiteId);

    // Only 'sync' (FIRST n, or a plain list) counts: with ANY n ('quorum') the primary acknowledges a commit once any n
    // standbys have it, so an old primary that still reaches another standby commits without the target. Even 'sync'
    // is the rule, not a proof (a 'potential' standby takes over when the target is cut): an agent proves a fence.
    private static bool SyncStandbyOf(Service service, MemberObservation? lastReachable, string targetSiteId) =>
        service.Database.Replication == ReplicationMode.Sync
        && lastReachable is { Role: DatabaseRole.Primary } seen
        && seen.Replicas.Any(r => Names(r.ApplicationName, targetSiteId) && string.Equals(r.SyncState, "sync", StringComparison.OrdinalIgnoreCase));

    // PostgreSQL knows a site's instance by its id with '-' written '_' (application_name, replication slot).
    private static bool Names(string applicationName, string siteId) =>
        string.Equals(applicationName, siteId, StringComparison.OrdinalIgnoreCase)
        || string.Equals(applicationName, siteId.Replace('-', '_'), StringComparison.OrdinalIgnoreCase);

    private static string Seconds(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
