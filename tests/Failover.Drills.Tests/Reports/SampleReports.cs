using Failover.Core.Topology;
using Failover.Drills.Reports;

namespace Failover.Drills.Tests.Reports;

/// <summary>Drill reports to render: a passing isolated drill, a failing switchover drill with hostile text, a long one.</summary>
internal static class SampleReports
{
    public static readonly DateTimeOffset Start = new(2026, 6, 2, 2, 0, 0, TimeSpan.FromHours(2));

    public const string Hostile = "<script>alert('x')</script> & \"quotes\" | pipe";

    public static DrillReport Passing()
    {
        string[] names = ["journal the drill", "check standby freshness", "copy the standby (pg_basebackup)", "promote the copy on port 55432",
            "start the demo ENT on the copy", "smoke check: HTTP health", "smoke check: read", "smoke check: write", "tear down"];
        double[] seconds = [0.05, 0.4, 18.2, 2.3, 4.1, 0.3, 0.2, 0.25, 3.0];
        return new DrillReport(
            "drill-20260602-0200-ent-grand-est", "ent-grand-est", "ENT Grand Est", DrillKind.Isolated, "ovh-sbg", "ovh-rbx", "schedule:isolated",
            Start, Start + TimeSpan.FromSeconds(seconds.Sum() + 0.1), Steps(names, seconds, failedAt: -1),
            TimeSpan.FromSeconds(25.2), TimeSpan.FromSeconds(60), new DrillFreshness(1200, TimeSpan.FromMilliseconds(300)), TimeSpan.FromSeconds(5),
            null, true, ["the copy served writes 25.2 s after the first acting step"]);
    }

    public static DrillReport FailingWithHostileText()
    {
        string[] names = ["journal the drill", "switch over to ovh-rbx", Hostile, "switch back to ovh-sbg"];
        double[] seconds = [0.05, 42, 5, 38];
        var steps = Steps(names, seconds, failedAt: 2).Select((s, i) => i == 2 ? s with { Detail = Hostile } : s).ToList();
        return new DrillReport(
            "drill-<b>bold</b>", "ent-ile-de-france", "ENT <Île-de-France>", DrillKind.Switchover, "ovh-rbx", "scw-par", "alice & bob",
            Start, Start + TimeSpan.FromSeconds(86), steps,
            TimeSpan.FromSeconds(75), TimeSpan.FromSeconds(60), new DrillFreshness(64 * 1024 * 1024, null), TimeSpan.FromSeconds(5),
            2, false, ["achieved RTO 75 s exceeds the 60 s target", "2 acknowledged commits lost", Hostile]);
    }

    public static DrillReport WithSteps(int count)
    {
        var names = Enumerable.Range(1, count).Select(i => $"step {i}").ToArray();
        var seconds = Enumerable.Range(1, count).Select(i => 0.5 + (i % 7)).ToArray();
        return Passing() with { Steps = Steps(names, seconds, failedAt: -1), EndedAt = Start + TimeSpan.FromSeconds(seconds.Sum()) };
    }

    private static List<DrillStepTiming> Steps(string[] names, double[] seconds, int failedAt)
    {
        var steps = new List<DrillStepTiming>();
        var at = Start;
        for (var i = 0; i < names.Length; i++)
        {
            var duration = TimeSpan.FromSeconds(seconds[i]);
            steps.Add(new DrillStepTiming(names[i], at, duration, i != failedAt, i == failedAt ? "the copy did not accept writes" : null));
            at += duration;
        }

        return steps;
    }
}
