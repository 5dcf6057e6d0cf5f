using System.Text;

namespace Failover.Probes.Tests;

public class PlainHttpExchangeTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2", true, 200, 2L, false)]
    [InlineData("HTTP/1.0 503 Service Unavailable", true, 503, -1L, false)]
    [InlineData("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nX: y", true, 200, -1L, true)]
    [InlineData("HTTP/2 200", false, 0, -1L, false)]
    [InlineData("SSH-2.0-OpenSSH_9.2", false, 0, -1L, false)]
    public void ParseHead_StatusLineAndHeaders(string head, bool ok, int status, long length, bool chunked)
    {
        var parsed = PlainHttpExchange.ParseHead(Encoding.ASCII.GetBytes(head), out var s, out var l, out var c);

        parsed.Should().Be(ok);
        if (ok)
        {
            (s, l, c).Should().Be((status, length, chunked));
        }
    }

    [Theory]
    [InlineData("8\r\nall is o\r\n6\r\nk here\r\n0\r\n\r\n", "all is ok here")]
    [InlineData("4;ext=1\r\nabcd\r\n0\r\n\r\n", "abcd")]
    [InlineData("a\r\n0123", "0123")]
    public void Dechunk_DecodesWhatIsComplete(string raw, string expected)
    {
        var bytes = Encoding.ASCII.GetBytes(raw);

        Encoding.ASCII.GetString(PlainHttpExchange.Dechunk(bytes)).Should().Be(expected);
    }
}
