using Failover.Core.Agents;
using Failover.Core.Replication;

namespace Failover.Core.Operations.Steps;

/// <summary>
/// Grants a promotion target's agent the write lease at the new epoch before the member becomes primary: an agent
/// without it would fence its new primary at once. Recorded in the ledger before the call. Members without an agent
/// are promoted as they are.
/// </summary>
internal static class TargetLease
{
    /// <returns>Null when the target may be promoted (granted, or no agent); otherwise the outcome to return.</returns>
    public static async Task<StepOutcome?> GrantAsync(StepContext context, DatabaseMember target, CancellationToken cancellationToken)
    {
        if (!context.Agents.Covers(target))
        {
            return null;
        }

        var op = context.Operation;
        var policy = context.Ledger.PolicyOf(target.ServiceId);
        context.Ledger.RecordGrant(target.ServiceId, target.SiteId);
        var reply = await context.Agents.GrantLeaseAsync(target, new LeaseGrant(op.Plan.NewEpoch, policy.Ttl, Primary: true, $"{OperationRequest.EngineActor} {op.Id}"), cancellationToken);
        return reply.Failure switch
        {
            AgentFailure.None => null,
            AgentFailure.StaleEpoch => StepOutcome.Stale($"agent of {target.SiteId} refused the lease at epoch {op.Plan.NewEpoch}: {reply.Detail}"),
            _ => StepOutcome.Retry($"agent of {target.SiteId} did not grant the lease at epoch {op.Plan.NewEpoch} ({reply.Failure}: {reply.Detail}); not promoting a member its agent would fence"),
        };
    }
}
