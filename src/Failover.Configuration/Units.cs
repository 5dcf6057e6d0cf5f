using System.Globalization;
using System.Text.RegularExpressions;

namespace Failover.Configuration;

/// <summary>Durations such as <c>500ms</c>, <c>5s</c>, <c>1m30s</c>, <c>2h</c> and sizes such as <c>16MB</c> (1024-based, as PostgreSQL).</summary>
public static partial class Units
{
    public const string DurationExpected = "a duration such as 500ms, 5s, 1m30s, 2h or 1d";
    public const string SizeExpected = "a size such as 512kB, 16MB or 1GB (1024-based), or a number of bytes";

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var matches = DurationPart().Matches(text.Trim());
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text.Trim())
        {
            return false;
        }

        foreach (Match m in matches)
        {
            var value = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            duration += m.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                _ => TimeSpan.FromDays(value),
            };
        }

        return true;
    }

    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var m = SizePattern().Match(text.Trim());
        if (!m.Success)
        {
            return false;
        }

        var value = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        var multiplier = m.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1L,
            "KB" or "KIB" => 1L << 10,
            "MB" or "MIB" => 1L << 20,
            "GB" or "GIB" => 1L << 30,
            _ => 1L << 40,
        };
        bytes = (long)(value * multiplier);
        return true;
    }

    public static string FormatDuration(TimeSpan d) =>
        d == TimeSpan.Zero ? "0s"
        : d.TotalMilliseconds < 1000 ? $"{d.TotalMilliseconds:0}ms"
        : d.TotalSeconds < 120 ? $"{d.TotalSeconds:0.###}s"
        : d.TotalMinutes < 120 ? $"{d.TotalMinutes:0.##}m"
        : $"{d.TotalHours:0.##}h";

    public static string FormatSize(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.##}GB"
        : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.##}MB"
        : bytes >= 1L << 10 ? $"{bytes / (double)(1L << 10):0.##}kB"
        : $"{bytes}B";

    [GeneratedRegex(@"(?<value>\d+(\.\d+)?)(?<unit>ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPart();

    [GeneratedRegex(@"^(?<value>\d+(\.\d+)?)\s*(?<unit>B|[kKMGT]i?B)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
