using Failover.Core.Replication;

namespace Failover.Core.Operations.Steps;

/// <summary>
/// Makes sure no member but the target can take writes: a reachable writable primary is fenced; an unreachable
/// member is accepted only when it cannot be a writer (never a primary as far as the journal knows) or its site has
/// been Lost beyond the site lease (its agent self-fenced). Otherwise the step retries.
/// </summary>
internal sealed class FenceOthersStep : StepBase
{
    public override string Name => "fence-others";

    public override string Description => "fence the old primary and any member that may be writable (or rely on their lease self-fence)";

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
            var seen = await context.Seams.Replication.ObserveAsync(member, cancellationToken);
            if (seen.Reachable)
            {
                if (seen.Role == DatabaseRole.Primary && !seen.Fenced)
                {
                    var fenced = FromFence(await context.Seams.Replication.FenceAsync(member, state.Epoch, cancellationToken), $"fence {member}");
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
            else if (context.SelfFencedByLease(site))
            {
                notes.Add($"{site}: unreachable, Lost beyond the {context.Options.SiteLease.TotalSeconds:0} s lease (self-fenced)");
                confirmed.Add(site);
            }
            else if (suspect)
            {
                return StepOutcome.Retry($"{site} may be writable and is unreachable ({seen.Failure}) but not Lost beyond its lease");
            }
            else
            {
                notes.Add($"{site}: unreachable standby");
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
}
