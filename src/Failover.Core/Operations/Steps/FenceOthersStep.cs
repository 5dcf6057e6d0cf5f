using Failover.Core.Replication;

namespace Failover.Core.Operations.Steps;

/// <summary>
/// Makes sure no member but the target can take writes. A reachable writable primary is fenced — through its site
/// agent when the site runs one (a hard fence: restarted as a standby, sessions ended, application stopped), over SQL
/// otherwise. An unreachable member that may be a writer counts as fenced only by proof (<see cref="UnreachableFence"/>):
/// its agent answers it is fenced, or this term's last lease grant + TTL + margin has passed, or (no agent) it was a
/// synchronous primary with the target a sync standby, or a human approved. Otherwise the step retries.
/// </summary>
internal sealed class FenceOthersStep : StepBase
{
    public override string Name => "fence-others";

    public override string Description => "fence the old primary and any member that may be writable (through its site agent, over SQL, or once its lease has run out)";

    public override TimeSpan ExpectedDuration => TimeSpan.FromSeconds(5);

    public override async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var op = context.Operation;
        var state = context.State;
        var confirmed = new List<string>();
        var notes = new List<string>();
        foreach (var site in context.Service.SiteIds.Where(s => s != op.Plan.TargetSiteId))
        {
            var member = context.Member(site);
            var suspect = site == op.Plan.SourceSiteId || site == state.PrimarySiteId || state.MaybeWritableSites.Contains(site);
            if (suspect && context.CutOffWithExpiredLease(site))
            {
                notes.Add($"{site}: cut off ({context.Verdicts[site].State}), not asked; {UnreachableFence.LeaseRanOut(context, site)}");
                confirmed.Add(site);
                continue;
            }

            // A suspect at a cut-off site is not asked: the answer would be a timeout, and only its lease running out proves it fenced.
            var seen = suspect && context.CutOff(site)
                ? MemberObservation.Unreachable(member, context.Now, ReplicationFailure.Timeout, $"site {site} is {context.Verdicts[site].State}, not observed")
                : await context.ObserveAsync(member, cancellationToken);
            if (seen.Reachable)
            {
                if (seen.Role == DatabaseRole.Primary && !seen.Fenced)
                {
                    var fenced = await FenceReachableAsync(context, member, cancellationToken);
                    if (!fenced.Succeeded)
                    {
                        return fenced;
                    }

                    notes.Add(fenced.Detail);
                }
                else
                {
                    notes.Add($"{site}: {seen.Role}{(seen.Fenced ? " (fenced)" : "")}, not writable");
                }

                confirmed.Add(site);
            }
            else if (!suspect)
            {
                notes.Add($"{site}: unreachable standby");
            }
            else
            {
                var proof = await UnreachableFence.ProveAsync(context, member, askAgent: !context.CutOff(site), cancellationToken);
                if (!proof.Proven)
                {
                    return StepOutcome.Retry($"{site} may be writable and is unreachable ({seen.Failure}): {proof.Detail}");
                }

                notes.Add($"{site}: unreachable ({seen.Failure}); {proof.Detail}");
                confirmed.Add(site);
            }
        }

        // A member whose promotion was uncertain and is now known not to write may hold a diverged history: rebuild it.
        var cleared = state.MaybeWritableSites.Where(confirmed.Contains).ToList();
        var newState = cleared.Count > 0
            ? state with
            {
                MaybeWritable = state.MaybeWritableSites.Where(s => !confirmed.Contains(s)).ToList(),
                NeedsReprotect = state.NeedsReprotect.Union(cleared).ToList(),
            }
            : null;
        return StepOutcome.Done(string.Join("; ", notes), newState);
    }

    /// <summary>Through the site agent when it answers (the hard fence), else over SQL.</summary>
    private static async Task<StepOutcome> FenceReachableAsync(StepContext context, DatabaseMember member, CancellationToken cancellationToken)
    {
        var epoch = context.State.Epoch;
        string? agentFailure = null;
        if (context.Agents.Covers(member))
        {
            var reply = await context.Agents.FenceAsync(member, epoch, $"{context.Operation.Kind} {context.Operation.Id}", cancellationToken);
            if (reply.Succeeded)
            {
                return StepOutcome.Done($"{member.SiteId}: fenced by its site agent at epoch {epoch}");
            }

            if (reply.Failure == Agents.AgentFailure.StaleEpoch)
            {
                return StepOutcome.Stale($"agent of {member.SiteId}: {reply.Detail}");
            }

            agentFailure = $"agent {reply.Failure}: {reply.Detail}";
        }

        var fenced = FromFence(await context.Seams.Replication.FenceAsync(member, epoch, cancellationToken), $"fence {member}");
        return fenced.Succeeded && agentFailure is not null ? StepOutcome.Done($"{fenced.Detail} over SQL ({agentFailure})") : fenced;
    }
}
