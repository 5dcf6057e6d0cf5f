using System.Diagnostics;
using System.Globalization;
using Failover.Core.Topology;
using Failover.Drills.Reports;

namespace Failover.Benchmarks.Drills;

/// <summary>Renders a drill report of N steps (default 20) in every format; prints microseconds per render after warm-up.</summary>
internal sealed class DrillReportRenderBenchmark : IBenchmark
{
    public string Name => "drill-report";

    public string Description => "drill report rendering time per format (JSON, Markdown, HTML) for an N-step report";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var report = Report(steps);
        const int Runs = 2000;
        foreach (var format in Enum.GetValues<DrillReportFormat>())
        {
            for (var i = 0; i < 50; i++)
            {
                DrillReportRenderer.Render(report, format);
            }

            var clock = Stopwatch.StartNew();
            var size = 0;
            for (var i = 0; i < Runs; i++)
            {
                size = DrillReportRenderer.Render(report, format).Length;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{steps}-step {format,-8} {(clock.Elapsed / Runs).TotalMicroseconds,8:0.0} µs per render, {size} chars"));
        }

        return Task.FromResult(0);
    }

    private static DrillReport Report(int count)
    {
        var start = new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero);
        var at = start;
        var timings = new List<DrillStepTiming>();
        for (var i = 1; i <= count; i++)
        {
            var duration = TimeSpan.FromSeconds(0.5 + (i % 7));
            timings.Add(new DrillStepTiming($"step-{i}", at, duration, true, $"done: step {i} of the drill"));
            at += duration;
        }

        return new DrillReport("op-000001-drill-ent-bench", "ent-bench", "ENT Benchmark", DrillKind.Isolated, "ovh-sbg", "ovh-rbx", "bench",
            start, at, timings, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(60), new DrillFreshness(0, TimeSpan.Zero), TimeSpan.FromSeconds(5), null, true, []);
    }
}
