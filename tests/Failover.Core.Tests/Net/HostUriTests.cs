using System.Net;
using Failover.Core.Net;

namespace Failover.Core.Tests.Net;

public sealed class HostUriTests
{
    [Theory]
    [InlineData("192.0.2.10", "192.0.2.10", "192.0.2.10:8443", "https://192.0.2.10:8443/health")]
    [InlineData("2001:db8::10", "[2001:db8::10]", "[2001:db8::10]:8443", "https://[2001:db8::10]:8443/health")]
    [InlineData("fe80::1%2", "[fe80::1%2]", "[fe80::1%2]:8443", "https://[fe80::1%2]:8443/health")]
    public void Address_HostAuthorityAndUri(string address, string host, string authority, string uri)
    {
        var ip = IPAddress.Parse(address);

        HostUri.Host(ip).Should().Be(host);
        HostUri.Authority(ip, 8443).Should().Be(authority);
        HostUri.For("https", ip, 8443, "/health").OriginalString.Should().Be(uri);
    }

    [Theory]
    [InlineData("pg-a.example", "pg-a.example", "pg-a.example:5432")]
    [InlineData("10.0.0.5", "10.0.0.5", "10.0.0.5:5432")]
    [InlineData("2001:db8::5", "[2001:db8::5]", "[2001:db8::5]:5432")]
    public void HostText_HostAndAuthority(string text, string host, string authority)
    {
        HostUri.Host(text).Should().Be(host);
        HostUri.Authority(text, 5432).Should().Be(authority);
    }

    [Fact]
    public void For_IPv6_UriSeesTheAddressAsItsHost()
    {
        var uri = HostUri.For("http", IPAddress.Parse("2001:db8::10"), 80, "/");

        uri.HostNameType.Should().Be(UriHostNameType.IPv6);
        uri.Port.Should().Be(80);
    }
}
