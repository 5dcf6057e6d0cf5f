using System.Net;
using Failover.Core;

namespace Failover.Traffic.Dns;

/// <summary>
/// What the primary source holds for one name: its A and AAAA addresses, their TTL (the longer of the two when they
/// differ: the worst case a resolver may cache) and the epoch marker.
/// </summary>
internal sealed record DnsRecordState(IReadOnlyList<IPAddress> Addresses, TimeSpan? Ttl, EpochMarker? Marker)
{
    public static DnsRecordState Empty { get; } = new([], null, null);

    public IEnumerable<IPAddress> V4 => Addresses.Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);

    public IEnumerable<IPAddress> V6 => Addresses.Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6);

    public bool SameAddresses(IEnumerable<IPAddress> other) => AddressSet.Equal(Addresses, other);
}

/// <summary>What a switch writes: the target site's addresses, the TTL and the epoch of the request.</summary>
internal sealed record DnsDesiredState(string SiteId, IReadOnlyList<IPAddress> Addresses, TimeSpan Ttl, Epoch Epoch)
{
    public EpochMarker Marker => new(Epoch, SiteId);

    public int TtlSeconds => (int)Ttl.TotalSeconds;

    public IEnumerable<IPAddress> V4 => Addresses.Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);

    public IEnumerable<IPAddress> V6 => Addresses.Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6);

    public bool IsHeldBy(DnsRecordState state) =>
        state.SameAddresses(Addresses) && state.Ttl == Ttl && state.Marker == Marker;
}

internal static class AddressSet
{
    public static bool Equal(IEnumerable<IPAddress> left, IEnumerable<IPAddress> right) =>
        left.ToHashSet().SetEquals(right);

    public static string Format(IEnumerable<IPAddress> addresses)
    {
        var list = addresses.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "(none)" : string.Join(',', list);
    }
}
