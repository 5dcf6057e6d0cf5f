using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Core.Decisions;

/// <summary>
/// Chooses the standby to promote: healthy and reachable, of the right cluster, not awaiting reprotect. Async: by
/// preference order, the first within the RPO budget. Sync: the most advanced (highest flushed position) within the
/// budget, since with ANY n an acknowledged commit may be on one standby only. Else the least-lagging, whose quote then
/// needs approval; an unknown loss ranks after every known one.
/// </summary>
public static class CandidateSelector
{
    public static CandidateChoice Choose(
        Service service, Policy policy, ServiceState state, IReadOnlyDictionary<string, SiteVerdict> verdicts, ObservationCache observations, string? requestedSiteId = null,
        bool allowDiverged = false)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(verdicts);
        ArgumentNullException.ThrowIfNull(observations);
        var primary = observations.PrimaryPosition(service.Id, state.PrimarySiteId);
        var rejected = new List<string>();
        var eligible = new List<(string Site, int Rank, DataLossQuote Quote)>();
        var order = service.SiteIds.Where(s => s != state.PrimarySiteId).ToList();
        foreach (var (site, rank) in order.Select((s, i) => (s, i)))
        {
            if (requestedSiteId is not null && site != requestedSiteId)
            {
                continue;
            }

            // A human forcing a failover onto a named site overrides "needs reprotect" and an operator fence.
            var overridden = allowDiverged && requestedSiteId == site;
            var diverged = overridden && state.NeedsReprotect.Contains(site);
            var seen = observations.Latest(service.Id, site);
            var formerPrimary = overridden && seen is { Reachable: true, Role: DatabaseRole.Primary, Fenced: true };
            diverged |= formerPrimary;
            var why = formerPrimary
                ? null
                : Ineligible(overridden ? state with { NeedsReprotect = [], OperatorFenced = [], MaybeWritable = [] } : state, site, verdicts, seen, primary);
            if (why is not null)
            {
                rejected.Add($"{site}: {why}");
                continue;
            }

            eligible.Add((site, rank, diverged
                ? new DataLossQuote(null, null, false, formerPrimary
                    ? $"{site} is a fenced former primary: everything written since it was fenced is lost, amount unknown"
                    : $"{site} followed an older primary: everything written since it stopped following is lost, amount unknown")
                : DataLossQuoter.Quote(service, policy, state.PrimarySiteId, site, observations)));
        }

        if (requestedSiteId is not null && !service.SiteIds.Contains(requestedSiteId))
        {
            return new CandidateChoice(null, $"{requestedSiteId} is not a site of service {service.Id}", null, rejected);
        }

        if (eligible.Count == 0)
        {
            return new CandidateChoice(null, $"no eligible standby ({string.Join("; ", rejected)})", null, rejected);
        }

        var withinBudget = eligible.Where(e => e.Quote.WithinBudget).ToList();
        if (withinBudget.Count > 0 && service.Database.Replication == ReplicationMode.Sync)
        {
            // Synchronous to ANY N: an acknowledged commit may be on one standby only, so the most advanced one goes first.
            var advanced = withinBudget.OrderBy(e => e.Quote.LagBytes ?? long.MaxValue).ThenBy(e => e.Rank).First();
            return new CandidateChoice(
                advanced.Site, $"{advanced.Site}: preference #{advanced.Rank + 1}, healthy, the most advanced standby (synchronous replication)", advanced.Quote, rejected);
        }

        if (withinBudget.Count > 0)
        {
            var within = withinBudget[0];
            return new CandidateChoice(within.Site, $"{within.Site}: preference #{within.Rank + 1}, healthy, lag within the RPO budget", within.Quote, rejected);
        }

        var least = eligible.OrderBy(e => e.Quote.LagBytes ?? e.Quote.AtLeastBytes ?? long.MaxValue).ThenBy(e => e.Quote.Unknown).ThenBy(e => e.Rank).First();
        return new CandidateChoice(least.Site, $"{least.Site}: preference #{least.Rank + 1}, healthy, least lag; no standby within the RPO budget", least.Quote, rejected);
    }

    private static string? Ineligible(ServiceState state, string site, IReadOnlyDictionary<string, SiteVerdict> verdicts, MemberObservation? seen, PrimaryHighWater? primary)
    {
        if (state.NeedsReprotect.Contains(site))
        {
            return "needs reprotect (diverged or not following the current primary)";
        }

        if (state.MaybeWritableSites.Contains(site))
        {
            return "may be a primary (an interrupted promotion); adopt or fence it first";
        }

        if (state.OperatorFenced.Contains(site))
        {
            return "fenced by an operator";
        }

        if (!verdicts.TryGetValue(site, out var verdict) || verdict.State != HealthState.Healthy)
        {
            return $"site not healthy ({verdict?.State.ToString() ?? "no verdict"})";
        }

        if (seen is null || !seen.Reachable)
        {
            return $"database unreachable ({seen?.Failure.ToString() ?? "never observed"})";
        }

        if (seen.Role != DatabaseRole.Standby)
        {
            return $"role is {seen.Role}, not standby";
        }

        if (primary?.SystemIdentifier is { } sys && seen.SystemIdentifier is { } mine && sys != mine)
        {
            return $"belongs to another cluster (system identifier {mine}, primary {sys})";
        }

        return null;
    }
}
