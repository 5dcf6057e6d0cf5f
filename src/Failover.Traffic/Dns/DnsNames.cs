namespace Failover.Traffic.Dns;

internal static class DnsNames
{
    /// <summary>The absolute form (<c>ent.example.org.</c>), lower case.</summary>
    public static string Absolute(string name)
    {
        var trimmed = name.Trim().ToLowerInvariant();
        return trimmed.EndsWith('.') ? trimmed : trimmed + ".";
    }

    public static bool IsInZone(string absoluteName, string absoluteZone) =>
        absoluteName == absoluteZone || absoluteName.EndsWith("." + absoluteZone, StringComparison.Ordinal);
}
