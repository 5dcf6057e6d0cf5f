using Failover.Core;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills.History;
using Failover.Simulation;

namespace Failover.Drills.Tests.History;

public sealed class DrillReportBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 9, 2, 0, 0, TimeSpan.Zero);

    // The simulated service: RTO target 5 min, RPO target 1 min, byte budget 256 KiB.
    private static readonly Service Service = SimEstate.Build(1).Service("ent-1");

    public static TheoryData<string, OperationStatus, int, long?, long?, long?, bool, string?> Cases() => new()
    {
        // name, status, promote->smoke seconds, lag bytes, lag ms, commits lost, passed, reason
        { "all green", OperationStatus.Succeeded, 20, 0, 0, null, true, null },
        { "slow", OperationStatus.Succeeded, 400, 0, 0, null, false, "exceeds the target 300 s" },
        { "stale standby (time)", OperationStatus.Succeeded, 20, 9000, 90_000, null, false, "beyond the RPO target" },
        { "lag within budget", OperationStatus.Succeeded, 20, 9000, 500, null, true, null },
        { "lag, time unknown, within bytes", OperationStatus.Succeeded, 20, 9000, null, null, true, null },
        { "lag, time unknown, beyond bytes", OperationStatus.Succeeded, 20, 900_000, null, null, false, "beyond the RPO target" },
        { "commits lost", OperationStatus.Succeeded, 20, 0, 0, 3, false, "3 acknowledged commits lost" },
        { "no loss", OperationStatus.Succeeded, 20, 0, 0, 0, true, null },
        { "failed", OperationStatus.Failed, 20, 0, 0, null, false, "the drill failed" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Build_Judgement(string name, OperationStatus status, int seconds, long? lagBytes, long? lagMs, long? lost, bool passed, string? reason)
    {
        var facts = new Dictionary<string, string>();
        if (lagBytes is { } b)
        {
            facts[DrillFacts.LagBytes] = DrillFacts.Of(b);
        }

        if (lagMs is { } ms)
        {
            facts[DrillFacts.LagMilliseconds] = DrillFacts.Of(ms);
        }

        var entries = new List<JournalEntry>();
        var at = T0;
        Step(entries, ref at, "drill-copy-standby", 5, DrillFacts.Append("copied", facts));
        Step(entries, ref at, "drill-promote-copy", seconds / 2, "promoted");
        Step(entries, ref at, "drill-start-app", 0, "started");
        Step(entries, ref at, "drill-smoke", seconds - (seconds / 2), lost is { } l ? DrillFacts.Append("smoke ok", new Dictionary<string, string> { [DrillFacts.CommitsLost] = DrillFacts.Of(l) }) : "smoke ok");
        Step(entries, ref at, "drill-cleanup", 1, "removed");

        var report = DrillReportBuilder.Build(Drill(status, at), entries, Service);

        report.Passed.Should().Be(passed, $"{name}: {string.Join("; ", report.Reasons)}");
        if (reason is not null)
        {
            report.Reasons.Should().Contain(r => r.Contains(reason, StringComparison.Ordinal), name);
        }

        report.AchievedRto.Should().Be(TimeSpan.FromSeconds(seconds), "the RTO clock runs from the promotion of the copy to the smoke checks passing");
        report.Steps.Should().HaveCount(5);
        report.Steps[0].Duration.Should().Be(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Build_FailedStepAndNoSmoke_ReportsNoRtoAndTheFailure()
    {
        var entries = new List<JournalEntry>();
        var at = T0;
        Step(entries, ref at, "drill-copy-standby", 5, DrillFacts.Append("copied", new Dictionary<string, string> { [DrillFacts.LagBytes] = "0" }));
        entries.Add(new JournalEntry("d", at, JournalEntryKind.StepStarted, "drill-promote-copy", "engine", "start"));
        entries.Add(new JournalEntry("d", at.AddSeconds(2), JournalEntryKind.StepFailed, "drill-promote-copy", "engine", "port in use"));
        at = at.AddSeconds(2);
        Step(entries, ref at, "drill-cleanup", 1, "removed");

        var report = DrillReportBuilder.Build(Drill(OperationStatus.Failed, at), entries, Service);

        report.Passed.Should().BeFalse();
        report.AchievedRto.Should().BeNull();
        report.Reasons.Should().Contain("step drill-promote-copy failed: port in use").And.Contain("no RTO achieved: the copy never served writes");
        report.Steps.Select(s => s.Succeeded).Should().Equal(true, false, true);
    }

    [Fact]
    public void Build_InterruptedStep_CountsFromFirstStartToLastEnd()
    {
        var entries = new List<JournalEntry>
        {
            new("d", T0, JournalEntryKind.StepStarted, "drill-promote-copy", "engine", "start"),
            new("d", T0.AddSeconds(30), JournalEntryKind.Resumed, "drill-promote-copy", "engine", "restarted"),
            new("d", T0.AddSeconds(30), JournalEntryKind.StepStarted, "drill-promote-copy", "engine", "start"),
            new("d", T0.AddSeconds(33), JournalEntryKind.StepSucceeded, "drill-promote-copy", "engine", "Done: promoted"),
        };

        var report = DrillReportBuilder.Build(Drill(OperationStatus.Running, T0.AddSeconds(33)), entries, Service);

        report.Steps.Single().Duration.Should().Be(TimeSpan.FromSeconds(33));
        report.Passed.Should().BeFalse();
        report.Reasons.Should().Contain("the drill is still running");
    }

    [Fact]
    public void Build_NotADrill_Throws()
    {
        var act = () => DrillReportBuilder.Build(Drill(OperationStatus.Succeeded, T0) with { Kind = OperationKind.Switchover }, [], Service);

        act.Should().Throw<ArgumentException>().WithMessage("*not a drill*");
    }

    [Fact]
    public void Facts_RoundTrip_AndIgnoreTextWithout()
    {
        var detail = DrillFacts.Append("Done: copied to /tmp/x", new Dictionary<string, string> { ["lagBytes"] = "12", ["note"] = "a b" });

        DrillFacts.Parse(detail).Should().Equal(new Dictionary<string, string> { ["lagBytes"] = "12", ["note"] = "a_b" });
        DrillFacts.Parse("Done: nothing [else]").Should().BeEmpty();
        DrillFacts.Parse(null).Should().BeEmpty();
    }

    private static void Step(List<JournalEntry> entries, ref DateTimeOffset at, string step, int seconds, string detail)
    {
        entries.Add(new JournalEntry("d", at, JournalEntryKind.StepStarted, step, "engine", "start"));
        at = at.AddSeconds(seconds);
        entries.Add(new JournalEntry("d", at, JournalEntryKind.StepSucceeded, step, "engine", $"Done: {detail}"));
    }

    private static OperationRecord Drill(OperationStatus status, DateTimeOffset end) => new(
        "op-000001-drill-ent-1", "ent-1", OperationKind.Drill, status,
        new RecordedRequest("alice", "isolated drill", [], T0, Variant: DrillVariants.Isolated, DetectedAt: T0),
        new RecordedPlan("ovh-sbg", "ovh-rbx", "the first standby", Epoch.Initial, Epoch.Initial,
            ["drill-copy-standby", "drill-promote-copy", "drill-start-app", "drill-smoke", "drill-cleanup"], DataLossQuote.None("drill")),
        OperationProgress.None with { StartedAt = T0, NextStep = 5 },
        OperationOutcome.Pending with
        {
            EndedAt = status.IsActive() ? null : end,
            Summary = status == OperationStatus.Failed ? "drill-promote-copy: port in use" : "succeeded",
        });
}
