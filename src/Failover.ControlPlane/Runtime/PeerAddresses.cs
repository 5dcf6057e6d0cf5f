using System.Net;
using System.Net.Sockets;
using Failover.Core.Net;

namespace Failover.ControlPlane.Runtime;

/// <summary>
/// Where one peer observer's view goes: every replica behind its URL. A peer observer is usually a Deployment of
/// several control-plane replicas (one of them the leader) and its URL names a headless Service, whose DNS name
/// resolves to every ready pod: the view is PUT to each address (same scheme and port, the URL's host kept as the
/// <c>Host</c> header and TLS server name) so that whichever replica leads has every peer's view. A URL whose host is
/// a literal IP address is used as it is.
/// </summary>
public static class PeerAddresses
{
    /// <summary>No more replicas than this are written to per peer: a bad DNS answer cannot fan a publish out without bound.</summary>
    public const int MaxAddressesPerPeer = 16;

    /// <summary>The system resolver (<see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>).</summary>
    public static Task<IPAddress[]> SystemResolver(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);

    /// <summary>True when the URL's host is a literal IP address (nothing to resolve).</summary>
    public static bool IsLiteral(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6;
    }

    /// <summary>
    /// The request URIs for <paramref name="path"/> at every address of <paramref name="url"/>'s host, one per distinct
    /// address (IPv4 before IPv6, at most <see cref="MaxAddressesPerPeer"/>), in the order given.
    /// </summary>
    public static IReadOnlyList<Uri> Targets(Uri url, IEnumerable<IPAddress> addresses, string path)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(addresses);
        return addresses
            .Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)
            .Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            .Distinct()
            .OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .Take(MaxAddressesPerPeer)
            .Select(a => new UriBuilder(url)
            {
                Host = HostUri.Host(WithoutScope(a)),
                Path = path,
                Query = string.Empty,
                Fragment = string.Empty,
            }.Uri)
            .ToList();
    }

    private static IPAddress WithoutScope(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(address.GetAddressBytes()) : address;
}
