using System.Globalization;
using System.Text;
using Failover.Core.Topology;

namespace Failover.Drills.Reports;

/// <summary>The Markdown form: summary, targets against achieved values, every step in a table, the verdict's reasons.</summary>
internal static class DrillReportMarkdown
{
    public static string Render(DrillReportFacts facts)
    {
        var report = facts.Report;
        var md = new StringBuilder();
        md.Append("# Drill report: ").Append(Cell(report.ServiceName)).Append(" (").Append(Cell(report.ServiceId)).AppendLine(")");
        md.AppendLine();
        md.Append("**Verdict: ").Append(report.Passed ? "PASS" : "FAIL").AppendLine("**");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        Row(md, "Drill", $"{Cell(report.DrillId)} ({Kind(report.Kind)})");
        Row(md, "Sites", $"{Cell(report.SourceSiteId)} → {Cell(report.TargetSiteId)}");
        Row(md, "Requested by", Cell(report.RequestedBy));
        Row(md, "Started", $"{ReportText.Instant(report.StartedAt)} ({ReportText.Utc(report.StartedAt)})");
        Row(md, "Ended", $"{ReportText.Instant(report.EndedAt)} ({ReportText.Utc(report.EndedAt)})");
        Row(md, "Elapsed", ReportText.Duration(facts.Elapsed));
        md.AppendLine();

        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("| Measure | Target | Achieved | Met |");
        md.AppendLine("|---|---|---|---|");
        md.Append("| RTO (time to serve writes) | ").Append(ReportText.Duration(report.TargetRto)).Append(" | ")
            .Append(report.AchievedRto is { } rto ? ReportText.Duration(rto) : "not measured").Append(" | ").Append(Met(facts.RtoMet)).AppendLine(" |");
        md.Append("| RPO (data freshness) | ").Append(ReportText.Duration(report.TargetRpo)).Append(" | ")
            .Append(Freshness(report.Freshness)).Append(" | ").Append(Met(facts.RpoMet)).AppendLine(" |");
        if (report.AcknowledgedCommitsLost is { } lost)
        {
            md.Append("| Acknowledged commits lost | 0 | ").Append(lost.ToString(CultureInfo.InvariantCulture)).Append(" | ").Append(Met(facts.CommitsMet)).AppendLine(" |");
        }

        md.AppendLine();
        md.AppendLine("## Steps");
        md.AppendLine();
        md.AppendLine("| # | Step | Start | Duration | Result | Detail |");
        md.AppendLine("|---:|---|---:|---:|---|---|");
        for (var i = 0; i < report.Steps.Count; i++)
        {
            var step = report.Steps[i];
            md.Append("| ").Append((i + 1).ToString(CultureInfo.InvariantCulture))
                .Append(" | ").Append(Cell(step.Name))
                .Append(" | ").Append(ReportText.Offset(step.StartedAt - facts.Origin))
                .Append(" | ").Append(ReportText.Duration(step.Duration))
                .Append(" | ").Append(step.Succeeded ? "ok" : "**failed**")
                .Append(" | ").Append(step.Detail is null ? "" : Cell(step.Detail))
                .AppendLine(" |");
        }

        md.AppendLine();
        md.AppendLine(report.Passed ? "## Observations" : "## Why it failed");
        md.AppendLine();
        if (report.Reasons.Count == 0)
        {
            md.AppendLine(report.Passed ? "None." : "No reason was recorded.");
        }

        foreach (var reason in report.Reasons)
        {
            md.Append("- ").AppendLine(Cell(reason));
        }

        return md.ToString();
    }

    public static string Kind(DrillKind kind) => kind == DrillKind.Isolated ? "isolated" : "switchover";

    private static string Freshness(DrillFreshness? freshness) => freshness switch
    {
        null => "not measured",
        { LagTime: { } time } => $"{ReportText.Duration(time)} behind ({ReportText.Size(freshness.LagBytes)})",
        _ => $"{ReportText.Size(freshness.LagBytes)} behind (time unknown)",
    };

    private static string Met(bool? met) => met switch
    {
        true => "yes",
        false => "**no**",
        null => "n/a",
    };

    private static void Row(StringBuilder md, string name, string value) => md.Append("| ").Append(name).Append(" | ").Append(value).AppendLine(" |");

    /// <summary>
    /// Text safe inside a table cell: one line, pipes and Markdown punctuation escaped, and no raw HTML (a renderer
    /// would otherwise pass <c>&lt;script&gt;</c> through).
    /// </summary>
    public static string Cell(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r':
                    break;
                case '\n':
                    sb.Append(' ');
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '&':
                    sb.Append("&amp;");
                    break;
                case '|' or '\\' or '`' or '*' or '_' or '[' or ']':
                    sb.Append('\\').Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }
}
