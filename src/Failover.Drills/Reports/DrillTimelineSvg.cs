using System.Globalization;
using System.Text;

namespace Failover.Drills.Reports;

/// <summary>
/// The timeline chart: one horizontal bar per step (a Gantt chart) on a common time axis, green for a step that
/// succeeded and red for one that failed, its duration written beside it. Inline SVG, no script, no external font.
/// </summary>
internal static class DrillTimelineSvg
{
    private const int Width = 960;
    private const int LabelWidth = 280;
    private const int DurationWidth = 90;
    private const int RowHeight = 26;
    private const int BarHeight = 16;
    private const int Top = 30;
    private const int Bottom = 10;
    private const double PlotWidth = Width - LabelWidth - DurationWidth - 10;

    public static void Render(StringBuilder html, DrillReportFacts facts)
    {
        var steps = facts.Report.Steps;
        var height = Top + (steps.Count * RowHeight) + Bottom;
        var span = facts.Span > TimeSpan.Zero ? facts.Span : TimeSpan.FromSeconds(1);
        html.Append(Inv($"<svg class=\"timeline\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"timeline-title\">"))
            .Append("<title id=\"timeline-title\">Chronologie des étapes de l’exercice</title>");

        // Axis: about six ticks at a round interval.
        var tick = TickInterval(span);
        for (var t = TimeSpan.Zero; t <= span; t += tick)
        {
            var x = LabelWidth + (PlotWidth * (t / span));
            html.Append(Inv($"<line class=\"grid\" x1=\"{x:0.#}\" y1=\"{Top - 6}\" x2=\"{x:0.#}\" y2=\"{height - Bottom}\"/>"))
                .Append(Inv($"<text class=\"tick\" x=\"{x:0.#}\" y=\"{Top - 10}\" text-anchor=\"middle\">"))
                .Append(ReportText.Html(ReportText.Offset(t, ","))).Append("</text>");
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var y = Top + (i * RowHeight);
            var offset = step.StartedAt - facts.Origin;
            var duration = DrillReportFacts.Positive(step.Duration);
            var x = LabelWidth + (PlotWidth * (offset / span));
            var w = Math.Max(2, PlotWidth * (duration / span));
            var label = step.Name.Length > 38 ? step.Name[..37] + "…" : step.Name;
            var durationText = ReportText.Duration(step.Duration, ",");
            html.Append("<g class=\"step\">")
                .Append("<title>").Append(ReportText.Html($"{step.Name} : {durationText} ({(step.Succeeded ? "réussie" : "échouée")})")).Append("</title>")
                .Append(Inv($"<text class=\"label\" x=\"{LabelWidth - 8}\" y=\"{y + 13}\" text-anchor=\"end\">")).Append(ReportText.Html(label)).Append("</text>")
                .Append(Inv($"<rect class=\"bar {(step.Succeeded ? "ok" : "failed")}\" data-step=\"{i + 1}\" x=\"{x:0.#}\" y=\"{y}\" width=\"{w:0.#}\" height=\"{BarHeight}\" rx=\"3\"/>"))
                .Append(Inv($"<text class=\"duration\" x=\"{Math.Min(x + w + 6, Width - DurationWidth + 4):0.#}\" y=\"{y + 13}\">")).Append(ReportText.Html(durationText)).Append("</text>")
                .Append("</g>");
        }

        html.Append("</svg>");
    }

    private static TimeSpan TickInterval(TimeSpan span)
    {
        TimeSpan[] candidates =
        [
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500),
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10),
            TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2),
            TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
            TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(6),
        ];
        var chosen = candidates.FirstOrDefault(c => span / c <= 6, TimeSpan.Zero);
        return chosen > TimeSpan.Zero ? chosen : span / 6;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
