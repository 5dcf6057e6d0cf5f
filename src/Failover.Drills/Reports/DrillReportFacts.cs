namespace Failover.Drills.Reports;

/// <summary>What every rendering derives from a report the same way: targets met or not, and the timeline's span.</summary>
internal sealed class DrillReportFacts
{
    public DrillReportFacts(DrillReport report)
    {
        Report = report;
        RtoMet = report.AchievedRto is { } rto ? rto <= report.TargetRto : null;
        RpoMet = report.Freshness?.LagTime is { } lag ? lag <= report.TargetRpo : null;
        CommitsMet = report.AcknowledgedCommitsLost is { } lost ? lost == 0 : null;
        Origin = report.Steps.Select(s => s.StartedAt).Append(report.StartedAt).Min();
        End = report.Steps.Select(s => s.StartedAt + Positive(s.Duration)).Append(report.EndedAt).Max();
    }

    public DrillReport Report { get; }

    /// <summary>Achieved RTO within its target; null when the drill did not get far enough to measure it.</summary>
    public bool? RtoMet { get; }

    /// <summary>Data freshness within the RPO target; null when the lag in time is unknown.</summary>
    public bool? RpoMet { get; }

    /// <summary>No acknowledged commit lost; null when the drill did not count (isolated drills).</summary>
    public bool? CommitsMet { get; }

    /// <summary>The earliest instant of the timeline: the drill's start or an earlier step's.</summary>
    public DateTimeOffset Origin { get; }

    /// <summary>The latest instant of the timeline.</summary>
    public DateTimeOffset End { get; }

    public TimeSpan Span => End - Origin;

    public TimeSpan Elapsed => Report.EndedAt - Report.StartedAt;

    public static TimeSpan Positive(TimeSpan duration) => duration < TimeSpan.Zero ? TimeSpan.Zero : duration;
}
