using System.Globalization;
using System.Net;

namespace Failover.Agent;

/// <summary>The API's listening address: an IP address (or <c>localhost</c>) and a port.</summary>
public sealed record ListenEndpoint(IPAddress Address, int Port, bool Localhost)
{
    public bool IsLoopback => Localhost || IPAddress.IsLoopback(Address);

    /// <summary>Parses HOST:PORT ([v6]:PORT for IPv6); null when it is not one.</summary>
    public static ListenEndpoint? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }

        var host = text[..colon].Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new ListenEndpoint(IPAddress.Loopback, port, Localhost: true);
        }

        return IPAddress.TryParse(host, out var address) ? new ListenEndpoint(address, port, Localhost: false) : null;
    }
}
