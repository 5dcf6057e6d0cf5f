using System.Globalization;
using Failover.Core;

namespace Failover.Traffic.Dns;

/// <summary>
/// The epoch and site last applied to a DNS name, kept in a TXT record beside it (<c>_failover.NAME TXT
/// "failover-epoch=7 site=ovh-rbx"</c>). It is zone data, so it is written in the same atomic change as the
/// addresses (one PowerDNS PATCH, one RFC 2136 UPDATE), it is replicated with them to every secondary by zone
/// transfer, and any operator can read it with <c>dig TXT</c>; an RRset comment would be PowerDNS-only and is not
/// transferred.
/// </summary>
internal sealed record EpochMarker(Epoch Epoch, string SiteId)
{
    private const string EpochKey = "failover-epoch=";
    private const string SiteKey = "site=";

    public string Text => $"{EpochKey}{Epoch.Value.ToString(CultureInfo.InvariantCulture)} {SiteKey}{SiteId}";

    public static EpochMarker? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        long? epoch = null;
        string? site = null;
        foreach (var part in text.Trim().Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith(EpochKey, StringComparison.Ordinal)
                && long.TryParse(part.AsSpan(EpochKey.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                epoch = value;
            }
            else if (part.StartsWith(SiteKey, StringComparison.Ordinal))
            {
                site = part[SiteKey.Length..];
            }
        }

        return epoch is { } e && !string.IsNullOrEmpty(site) ? new EpochMarker(new Epoch(e), site) : null;
    }
}
