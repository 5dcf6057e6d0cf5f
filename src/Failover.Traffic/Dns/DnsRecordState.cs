using System.Net;

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
