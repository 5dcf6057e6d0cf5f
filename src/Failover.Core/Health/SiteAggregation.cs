namespace Failover.Core.Health;

/// <summary>How the targets of one site, as one observer sees them, make the site's state.</summary>
internal static class SiteAggregation
{
    /// <summary>
    /// Down only when every target that has a result is Down (a site whose database answers but whose application does
    /// not is an application problem, not a lost site); Flapping when any target flaps; Healthy when all are Healthy;
    /// Suspect otherwise; Unknown before any result.
    /// </summary>
    public static (HealthState State, TimeSpan UnhealthyFor) Aggregate(IReadOnlyList<TargetObservation> targets)
    {
        int known = 0, down = 0, healthy = 0, flapping = 0;
        var minDown = TimeSpan.MaxValue;
        var maxUnhealthy = TimeSpan.Zero;
        foreach (var t in targets)
        {
            if (t.State == HealthState.Unknown)
            {
                continue;
            }

            known++;
            maxUnhealthy = t.UnhealthyFor > maxUnhealthy ? t.UnhealthyFor : maxUnhealthy;
            switch (t.State)
            {
                case HealthState.Down:
                    down++;
                    minDown = t.UnhealthyFor < minDown ? t.UnhealthyFor : minDown;
                    break;
                case HealthState.Healthy:
                    healthy++;
                    break;
                case HealthState.Flapping:
                    flapping++;
                    break;
            }
        }

        if (known == 0)
        {
            return (HealthState.Unknown, TimeSpan.Zero);
        }

        if (down == known)
        {
            return (HealthState.Down, minDown);
        }

        if (flapping > 0)
        {
            return (HealthState.Flapping, maxUnhealthy);
        }

        return healthy == known ? (HealthState.Healthy, TimeSpan.Zero) : (HealthState.Suspect, maxUnhealthy);
    }

    /// <summary>An observer that reaches no site at all (every probe's last attempt failed) suspects itself.</summary>
    public static string? SelfSuspicion(IReadOnlyList<SiteObservation> sites)
    {
        var probed = 0;
        foreach (var site in sites)
        {
            foreach (var t in site.Targets)
            {
                if (t.LastProbeAt is null)
                {
                    continue;
                }

                probed++;
                if (t.Reachable)
                {
                    return null;
                }
            }
        }

        return probed == 0 ? null : $"reaches none of its {sites.Count} site(s): all {probed} probe(s) failing";
    }
}
