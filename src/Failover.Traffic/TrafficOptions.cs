namespace Failover.Traffic;

/// <summary>Timeouts and cadences shared by every traffic router; defaults live here and only here.</summary>
public sealed class TrafficOptions
{
    /// <summary>Budget of one call to a router's API (PowerDNS HTTP, RFC 2136 update, edge admin).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Budget of one DNS query to one authoritative server during verification.</summary>
    public TimeSpan DnsQueryTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Pause between two verification rounds over the authoritative servers.</summary>
    public TimeSpan VerificationPollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>While a secondary still answers the old addresses, ask the primary to notify it again this often (PowerDNS API).</summary>
    public TimeSpan SecondaryNudgeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Label prepended to a service name to hold its epoch marker TXT record (<c>_failover.ent.example.org.</c>).</summary>
    public string EpochLabel { get; set; } = "_failover";

    /// <summary>
    /// Bearer token of edge admin listeners (<see cref="Edge.EdgeProxyOptions.AdminToken"/>), for edge routers that have an
    /// AdminUrl. One token for every edge router: the estate's EdgeRouterSpec declares none.
    /// </summary>
    public Failover.Core.Topology.SecretReference? EdgeAdminToken { get; set; }

    /// <summary>Fails fast with a message naming the setting.</summary>
    public void Validate()
    {
        Positive(RequestTimeout, nameof(RequestTimeout));
        Positive(DnsQueryTimeout, nameof(DnsQueryTimeout));
        Positive(VerificationPollInterval, nameof(VerificationPollInterval));
        Positive(SecondaryNudgeInterval, nameof(SecondaryNudgeInterval));
        if (string.IsNullOrWhiteSpace(EpochLabel) || EpochLabel.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Traffic:{nameof(EpochLabel)} must be one DNS label (got '{EpochLabel}')", nameof(EpochLabel));
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Traffic:{name} must be positive");
        }
    }
}
