namespace Failover.Drills.Reports;

/// <summary>The forms a drill report is rendered in.</summary>
public enum DrillReportFormat
{
    /// <summary>Machine-readable: stable camelCase names, durations in milliseconds and ISO-8601, times in ISO-8601.</summary>
    Json,

    /// <summary>For tickets and chat: a table of the steps, targets against achieved values, the verdict with its reasons.</summary>
    Markdown,

    /// <summary>A self-contained page for the education authority (no external resources), with a timeline chart; prints well.</summary>
    Html,
}
