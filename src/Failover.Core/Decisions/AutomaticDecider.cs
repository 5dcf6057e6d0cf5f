namespace Failover.Core.Decisions;

/// <summary>
/// The automatic failover guardrails, in order. Pure: the same situation always gives the same decision, so each
/// guard is tested table-driven.
/// </summary>
public static class AutomaticDecider
{
    public static Decision DecideFailover(FailoverSituation s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var v = s.PrimaryVerdict;
        if (v is null || !v.IsLost)
        {
            return new Decision(DecisionOutcome.NoAction, $"primary {s.State.PrimarySiteId} is not quorum-Lost ({v?.State.ToString() ?? "no verdict"})");
        }

        if (s.OperationActive)
        {
            return new Decision(DecisionOutcome.Hold, "another operation is active on the service");
        }

        if (v.AutomaticActionBlocked is { } blocked)
        {
            return new Decision(DecisionOutcome.Hold, $"automatic action blocked: {blocked}");
        }

        if (s.TotalSites > 0 && (double)s.LostSites / s.TotalSites > s.Policy.MassFailureMaxLostShare)
        {
            return new Decision(DecisionOutcome.Hold, $"mass-failure brake: {s.LostSites} of {s.TotalSites} sites lost (max share {s.Policy.MassFailureMaxLostShare:0.##})");
        }

        // How long the quorum has seen the site unhealthy, not how long the verdict has said Lost: a site that went Lost
        // through Flapping has its Since at that transition, and has already been unhealthy beyond the grace period.
        if (v.UnhealthyFor < s.Policy.Detection.GracePeriod)
        {
            return new Decision(DecisionOutcome.Hold, $"lost, unhealthy for {v.UnhealthyFor.TotalSeconds:0.#} s, under the {s.Policy.Detection.GracePeriod.TotalSeconds:0.#} s grace period");
        }

        if (s.Freezes.FirstOrDefault(f => f.Covers(s.Service, s.Now)) is { } freeze)
        {
            return new Decision(DecisionOutcome.Hold, $"{freeze.Kind.ToString().ToLowerInvariant()} freeze until {freeze.End:O}: {freeze.Reason}");
        }

        if (s.Candidate?.SiteId is null)
        {
            return new Decision(DecisionOutcome.Hold, s.Candidate?.Why ?? "no standby evaluated");
        }

        if (!s.Policy.AutomaticFailover)
        {
            return new Decision(DecisionOutcome.RequestApproval, $"policy {s.Policy.Id} does not allow automatic failover; proposed {s.Candidate.Why}");
        }

        if (s.State.LastFailoverAt is { } last && s.Now - last < s.Policy.FlapDampingMinInterval)
        {
            return new Decision(DecisionOutcome.RequestApproval, $"flap damping: last failover {(s.Now - last).TotalSeconds:0} s ago, minimum interval {s.Policy.FlapDampingMinInterval.TotalSeconds:0} s");
        }

        if (s.Candidate.Quote is not { WithinBudget: true } quote)
        {
            return new Decision(DecisionOutcome.RequestApproval, $"data loss beyond the RPO budget: {s.Candidate.Quote}");
        }

        return new Decision(DecisionOutcome.Start, $"{s.State.PrimarySiteId} quorum-Lost since {v.Since:O}; promote {s.Candidate.Why}; quote {quote}");
    }
}
