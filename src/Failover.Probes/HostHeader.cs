using System.Globalization;

namespace Failover.Probes;

/// <summary>The Host header for a name asked at an address: the name, with the URL's port unless it is the scheme's default.</summary>
internal static class HostHeader
{
    public static string For(string hostName, Uri url) =>
        url.IsDefaultPort ? hostName : string.Create(CultureInfo.InvariantCulture, $"{hostName}:{url.Port}");
}
