namespace Failover.Drills.Reports;

/// <summary>Renders a <see cref="DrillReport"/> as JSON, Markdown or a self-contained HTML page.</summary>
public static class DrillReportRenderer
{
    /// <exception cref="ArgumentOutOfRangeException">An unknown format.</exception>
    public static string Render(DrillReport report, DrillReportFormat format)
    {
        ArgumentNullException.ThrowIfNull(report);
        var facts = new DrillReportFacts(report);
        return format switch
        {
            DrillReportFormat.Json => DrillReportJson.Render(facts),
            DrillReportFormat.Markdown => DrillReportMarkdown.Render(facts),
            DrillReportFormat.Html => DrillReportHtml.Render(facts),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "expected json, markdown or html"),
        };
    }

    /// <summary>The usual file extension of a format, without the dot.</summary>
    public static string FileExtension(DrillReportFormat format) => format switch
    {
        DrillReportFormat.Json => "json",
        DrillReportFormat.Markdown => "md",
        _ => "html",
    };

    /// <summary>The HTTP content type of a format.</summary>
    public static string ContentType(DrillReportFormat format) => format switch
    {
        DrillReportFormat.Json => "application/json; charset=utf-8",
        DrillReportFormat.Markdown => "text/markdown; charset=utf-8",
        _ => "text/html; charset=utf-8",
    };

    /// <summary>Reads <c>json</c>, <c>markdown</c>/<c>md</c> or <c>html</c> (any case).</summary>
    public static bool TryParseFormat(string? text, out DrillReportFormat format)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "JSON":
                format = DrillReportFormat.Json;
                return true;
            case "MARKDOWN" or "MD":
                format = DrillReportFormat.Markdown;
                return true;
            case "HTML":
                format = DrillReportFormat.Html;
                return true;
            default:
                format = default;
                return false;
        }
    }
}
