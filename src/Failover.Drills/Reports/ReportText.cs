using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Failover.Drills.Reports;

/// <summary>Human forms of durations, sizes and instants shared by the Markdown and HTML reports.</summary>
internal static class ReportText
{
    /// <summary>Encodes markup characters (&lt; &gt; &amp; quotes) and keeps accented letters readable in the source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Html(string text) => Encoder.Encode(text);

    /// <summary>"850 ms", "12.4 s", "3 min 05 s", "1 h 02 min"; <paramref name="decimalSeparator"/> is "," for French.</summary>
    public static string Duration(TimeSpan duration, string decimalSeparator = ".")
    {
        var sign = duration < TimeSpan.Zero ? "-" : "";
        duration = duration.Duration();
        string text;
        if (duration < TimeSpan.FromSeconds(1))
        {
            text = string.Create(CultureInfo.InvariantCulture, $"{Math.Round(duration.TotalMilliseconds):0} ms");
        }
        else if (duration < TimeSpan.FromMinutes(1))
        {
            text = string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0} s").Replace(".", decimalSeparator, StringComparison.Ordinal);
        }
        else if (duration < TimeSpan.FromHours(1))
        {
            text = string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes} min {duration.Seconds:00} s");
        }
        else
        {
            text = string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours} h {duration.Minutes:00} min");
        }

        return sign + text;
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB"),
    };

    /// <summary>"2026-06-02 02:00:00 +02:00".</summary>
    public static string Instant(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>"2026-06-02 00:00:00 UTC".</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Offset of a step from the start of the timeline: "+12.4 s".</summary>
    public static string Offset(TimeSpan offset, string decimalSeparator = ".") => "+" + Duration(offset, decimalSeparator);
}
