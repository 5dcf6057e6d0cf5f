using System.Globalization;
using System.Text;

namespace Failover.Drills;

/// <summary>
/// Measurements a drill step journals in its detail line as <c>key=value</c> words (after the human sentence), so the
/// report can be rebuilt from the journal alone after any restart. Values never contain spaces.
/// </summary>
public static class DrillFacts
{
    public const string LagBytes = "lagBytes";
    public const string LagMilliseconds = "lagMs";
    public const string CommitsAcknowledged = "commitsAcked";
    public const string CommitsLost = "commitsLost";
    private const string Marker = " [facts:";

    public static string Append(string detail, IReadOnlyDictionary<string, string>? facts)
    {
        ArgumentNullException.ThrowIfNull(detail);
        if (facts is null || facts.Count == 0)
        {
            return detail;
        }

        var text = new StringBuilder(detail).Append(Marker);
        foreach (var (key, value) in facts.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append(' ').Append(key).Append('=').Append(value.Replace(' ', '_'));
        }

        return text.Append(']').ToString();
    }

    public static IReadOnlyDictionary<string, string> Parse(string? detail)
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = detail?.LastIndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (detail is null || at < 0 || !detail.EndsWith(']'))
        {
            return facts;
        }

        foreach (var word in detail[(at + Marker.Length)..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                facts[word[..eq]] = word[(eq + 1)..];
            }
        }

        return facts;
    }

    public static long? Number(IReadOnlyDictionary<string, string> facts, string key) =>
        facts.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);
}
