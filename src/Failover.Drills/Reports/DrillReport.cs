using Failover.Core.Topology;

namespace Failover.Drills.Reports;

/// <summary>
/// The outcome of one drill, as shown to a hosting operator and its education authority. Built from the drill
/// operation's journal; rendered as JSON, Markdown and a self-contained HTML page.
/// </summary>
/// <param name="DrillId">The drill operation's id.</param>
/// <param name="AchievedRto">From the drill's first acting step to the application serving writes at the target (copy or real).</param>
/// <param name="Freshness">How far behind the standby was when the drill copied or promoted it: the RPO a real failover would have had.</param>
/// <param name="AcknowledgedCommitsLost">Switchover drills: acknowledged writes of the drill's writer missing afterwards (must be 0).</param>
/// <param name="Reasons">Why it failed; for a pass, notable observations (may be empty).</param>
public sealed record DrillReport(
    string DrillId,
    string ServiceId,
    string ServiceName,
    DrillKind Kind,
    string SourceSiteId,
    string TargetSiteId,
    string RequestedBy,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    IReadOnlyList<DrillStepTiming> Steps,
    TimeSpan? AchievedRto,
    TimeSpan TargetRto,
    DrillFreshness? Freshness,
    TimeSpan TargetRpo,
    long? AcknowledgedCommitsLost,
    bool Passed,
    IReadOnlyList<string> Reasons);
