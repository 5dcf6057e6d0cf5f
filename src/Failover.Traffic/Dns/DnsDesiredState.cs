using System.Net;
using Failover.Core;

namespace Failover.Traffic.Dns;

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
