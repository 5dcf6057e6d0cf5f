using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Failover.Core.Net;

/// <summary>
/// Host and authority text that is safe in a URI or an endpoint for every kind of host: an IPv6 address in brackets
/// (its scope id kept), an IPv4 address or a name as it is.
/// </summary>
public static class HostUri
{
    public static string Host(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }

    /// <summary>A name or a literal address: text with a colon can only be an IPv6 literal and is bracketed.</summary>
    public static string Host(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
    }

    public static string Authority(IPAddress address, int port) => string.Create(CultureInfo.InvariantCulture, $"{Host(address)}:{port}");

    public static string Authority(string host, int port) => string.Create(CultureInfo.InvariantCulture, $"{Host(host)}:{port}");

    /// <summary><c>scheme://address:port/path</c>; <paramref name="path"/> starts with a slash.</summary>
    public static Uri For(string scheme, IPAddress address, int port, string path = "/") => new($"{scheme}://{Authority(address, port)}{path}");
}
