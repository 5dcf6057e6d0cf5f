using System.Globalization;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills.Reports;

namespace Failover.Drills.History;

/// <summary>
/// Builds a drill's report from its operation and journal entries alone, so a report survives any restart and is the
/// same whenever it is read. The judgement: every step succeeded (cleanup included), the copy served writes within the
/// service's RTO target, the standby was within the RPO target, and no acknowledged commit was lost.
/// </summary>
public static class DrillReportBuilder
{
    public static DrillReport Build(OperationRecord drill, IReadOnlyList<JournalEntry> entries, Service service)
    {
        ArgumentNullException.ThrowIfNull(drill);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(service);
        if (drill.Kind != OperationKind.Drill)
        {
            throw new ArgumentException($"operation {drill.Id} is a {drill.Kind}, not a drill", nameof(drill));
        }

        var kind = DrillVariants.Parse(drill.Request.Variant) ?? DrillKind.Isolated;
        var steps = Timings(entries);
        var facts = entries.Where(e => e.Kind is JournalEntryKind.StepSucceeded or JournalEntryKind.StepFailed).Select(e => DrillFacts.Parse(e.Detail))
            .SelectMany(f => f).GroupBy(f => f.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        var rto = kind == DrillKind.Switchover
            ? DrillFacts.Number(facts, Switchover.SwitchoverDrillSteps.RtoMilliseconds) is { } ms0 ? TimeSpan.FromMilliseconds(ms0) : null
            : Rto(steps);
        var freshness = DrillFacts.Number(facts, DrillFacts.LagBytes) is { } lagBytes
            ? new DrillFreshness(lagBytes, DrillFacts.Number(facts, DrillFacts.LagMilliseconds) is { } ms ? TimeSpan.FromMilliseconds(ms) : null)
            : null;
        var lost = DrillFacts.Number(facts, DrillFacts.CommitsLost);
        var reasons = new List<string>();
        var passed = Judge(drill, kind, steps, rto, freshness, lost, service, reasons);
        var started = drill.Progress.StartedAt ?? drill.Request.CreatedAt;
        var ended = drill.Outcome.EndedAt ?? (entries.Count > 0 ? entries[^1].At : started);
        return new DrillReport(
            drill.Id, service.Id, service.DisplayName, kind, drill.Plan.SourceSiteId, drill.Plan.TargetSiteId, drill.Request.RequestedBy,
            started, ended, steps, rto, service.Targets.Rto, freshness, service.Targets.Rpo, lost, passed, reasons);
    }

    /// <summary>Each step from its first start to its last end; a step resumed after a crash counts the whole span.</summary>
    private static List<DrillStepTiming> Timings(IReadOnlyList<JournalEntry> entries)
    {
        var timings = new List<DrillStepTiming>();
        foreach (var group in entries.Where(e => e.Step is not null && e.Kind is JournalEntryKind.StepStarted or JournalEntryKind.StepSucceeded or JournalEntryKind.StepFailed or JournalEntryKind.StepRetry)
                     .GroupBy(e => e.Step!, StringComparer.Ordinal))
        {
            var start = group.FirstOrDefault(e => e.Kind == JournalEntryKind.StepStarted);
            if (start is null)
            {
                continue; // failed on its precondition: it never ran
            }

            var end = group.LastOrDefault(e => e.Kind != JournalEntryKind.StepStarted);
            var succeeded = end?.Kind == JournalEntryKind.StepSucceeded;
            var detail = end?.Detail ?? "interrupted (no outcome journaled)";
            timings.Add(new DrillStepTiming(group.Key, start.At, (end?.At ?? start.At) - start.At, succeeded, detail));
        }

        return timings.OrderBy(t => t.StartedAt).ToList();
    }

    /// <summary>
    /// The time the steps from promotion to the smoke checks took, summed: the engine runs one drill step per turn, and
    /// the wait between turns is the drill's pacing, not a cost a real failover would pay.
    /// </summary>
    private static TimeSpan? Rto(List<DrillStepTiming> steps)
    {
        var from = steps.FindIndex(s => s.Name == DrillPlanExtension.RtoClockStart);
        var to = steps.FindIndex(s => s.Name == DrillPlanExtension.RtoClockStop);
        return from >= 0 && to >= from && steps[to].Succeeded
            ? steps.Skip(from).Take(to - from + 1).Aggregate(TimeSpan.Zero, (sum, step) => sum + step.Duration)
            : null;
    }

    private static bool Judge(
        OperationRecord drill, DrillKind kind, List<DrillStepTiming> steps, TimeSpan? rto, DrillFreshness? freshness, long? lost, Service service, List<string> reasons)
    {
        var before = reasons.Count;
        if (drill.Status.IsActive())
        {
            reasons.Add($"the drill is still {drill.Status.ToString().ToLowerInvariant()}");
        }
        else if (drill.Status != OperationStatus.Succeeded)
        {
            reasons.Add($"the drill {drill.Status.ToString().ToLowerInvariant()}: {drill.Outcome.Summary}");
        }

        foreach (var failed in steps.Where(s => !s.Succeeded))
        {
            reasons.Add($"step {failed.Name} failed: {failed.Detail}");
        }

        if (kind == DrillKind.Isolated && !drill.Status.IsActive() && !steps.Any(s => s.Name == DrillPlanExtension.Cleanup && s.Succeeded) && steps.Count > 0)
        {
            reasons.Add("the cleanup did not complete: the drill's copy may still exist");
        }

        if (rto is null)
        {
            reasons.Add(kind == DrillKind.Switchover ? "no RTO achieved: the switchover did not complete" : "no RTO achieved: the copy never served writes");
        }
        else if (rto > service.Targets.Rto)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"achieved RTO {rto.Value.TotalSeconds:0.##} s exceeds the target {service.Targets.Rto.TotalSeconds:0.##} s"));
        }

        if (freshness is null)
        {
            reasons.Add("the standby's freshness was not measured");
        }
        else if (!WithinRpo(freshness, service))
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"the standby was {freshness.LagBytes} bytes{(freshness.LagTime is { } t ? $" / {t.TotalSeconds:0.##} s" : "")} behind: beyond the RPO target {service.Targets.Rpo.TotalSeconds:0.##} s"));
        }

        if (kind == DrillKind.Switchover && lost is null)
        {
            reasons.Add("the writer's acknowledged commits were not counted: zero loss is not proven");
        }

        if (lost is > 0)
        {
            reasons.Add($"{lost} acknowledged commits lost");
        }

        return reasons.Count == before;
    }

    /// <summary>Within the RPO target when the lag in time is known; else within the service's byte budget, if it has one.</summary>
    private static bool WithinRpo(DrillFreshness freshness, Service service) => freshness switch
    {
        { LagBytes: 0 } => true,
        { LagTime: { } t } => t <= service.Targets.Rpo && (service.Database.Budget.MaxLagBytes is not { } max || freshness.LagBytes <= max),
        _ => service.Database.Budget.MaxLagBytes is { } max && freshness.LagBytes <= max,
    };
}
