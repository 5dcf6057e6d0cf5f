using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Failover.Core.Health;

namespace Failover.Probes;

/// <summary>
/// One HTTP/1.1 GET over a fresh plain TCP connection with <c>Connection: close</c>: the lean path of the HTTP probe
/// for <c>http://</c> targets. A probe needs only the status line and a prefix of the body, so it skips the general
/// client's connection pool, header collections and content streams; at 10,000 targets per second that is most of
/// the CPU. Handles Content-Length, chunked and close-delimited bodies. Throws SocketException and
/// OperationCanceledException for the caller to classify; protocol problems are results.
/// </summary>
internal static class PlainHttpExchange
{
    private const int HeaderBudget = 16 * 1024;
    private const int InitialBuffer = 2048;
    private static readonly ConditionalWeakTable<HttpProbeTarget, Prepared> Requests = [];
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;
    private static ReadOnlySpan<byte> LastChunk => "0\r\n\r\n"u8;

    public static async Task<ProbeOutcome> SendAsync(HttpProbeTarget target, string userAgent, int maxBodyBytes, CancellationToken ct)
    {
        var prepared = Requests.GetValue(target, t => Prepare(t, userAgent));
        var url = target.Url;
        var addresses = prepared.Literal ?? await Dns.GetHostAddressesAsync(url.DnsSafeHost, ct);
        if (addresses.Length == 0)
        {
            return ProbeOutcome.Fail(ProbeFailureReason.Dns, $"{url.DnsSafeHost} has no address");
        }

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(addresses, url.Port, ct);
        await socket.SendAsync(prepared.Request, SocketFlags.None, ct);

        var needBody = prepared.Expected is not null;
        var limit = HeaderBudget + (needBody ? maxBodyBytes : 0);
        // Health answers are small: start with a small pooled buffer and grow only when a response needs it, so ten
        // thousand probes in flight never rent large (LOH-sized) arrays.
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBuffer, limit));
        try
        {
            int total = 0, bodyStart = -1, status = 0;
            long contentLength = -1;
            var chunked = false;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length >= limit)
                    {
                        break;
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit));
                    buffer.AsSpan(0, total).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await socket.ReceiveAsync(buffer.AsMemory(total, Math.Min(buffer.Length, limit) - total), SocketFlags.None, ct);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (bodyStart < 0)
                {
                    var end = buffer.AsSpan(0, total).IndexOf(HeaderEnd);
                    if (end < 0)
                    {
                        if (total >= HeaderBudget)
                        {
                            return ProbeOutcome.Fail(ProbeFailureReason.Error, "response headers too large");
                        }

                        continue;
                    }

                    bodyStart = end + HeaderEnd.Length;
                    if (!ParseHead(buffer.AsSpan(0, end), out status, out contentLength, out chunked))
                    {
                        return ProbeOutcome.Fail(ProbeFailureReason.Error, "malformed HTTP response");
                    }

                    if (status != target.ExpectedStatus)
                    {
                        return ProbeOutcome.Fail(ProbeFailureReason.Status, $"HTTP {status} (expected {target.ExpectedStatus})");
                    }

                    if (!needBody)
                    {
                        return ProbeOutcome.Ok(prepared.Success);
                    }
                }

                var body = total - bodyStart;
                if ((contentLength >= 0 && body >= contentLength) || body >= maxBodyBytes || (chunked && buffer.AsSpan(bodyStart, body).EndsWith(LastChunk)))
                {
                    break;
                }
            }

            if (bodyStart < 0)
            {
                return ProbeOutcome.Fail(ProbeFailureReason.Error, total == 0 ? "connection closed without a response" : "connection closed in the middle of the response headers");
            }

            var content = buffer.AsSpan(bodyStart, Math.Min(total - bodyStart, maxBodyBytes));
            if (chunked)
            {
                content = Dechunk(content);
            }

            return content.IndexOf(prepared.Expected) >= 0
                ? ProbeOutcome.Ok(prepared.Success)
                : ProbeOutcome.Fail(ProbeFailureReason.Body, $"body does not contain the expected text (read {content.Length} bytes)");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Status code, Content-Length and chunked-ness from the status line and headers.</summary>
    internal static bool ParseHead(ReadOnlySpan<byte> head, out int status, out long contentLength, out bool chunked)
    {
        status = 0;
        contentLength = -1;
        chunked = false;
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        // "HTTP/1.1 200 OK"
        if (!statusLine.StartsWith("HTTP/1."u8) || statusLine.Length < 12 || statusLine[8] != (byte)' '
            || !int.TryParse(statusLine.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out status))
        {
            return false;
        }

        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                _ = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8) && value.IndexOf("chunked"u8) >= 0)
            {
                chunked = true;
            }
        }

        return true;
    }

    /// <summary>Decodes a chunked body in place as far as it is complete.</summary>
    internal static Span<byte> Dechunk(Span<byte> raw)
    {
        int read = 0, written = 0;
        while (read < raw.Length)
        {
            var lineEnd = raw[read..].IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = raw.Slice(read, lineEnd);
            var semicolon = sizeText.IndexOf((byte)';');
            if (semicolon >= 0)
            {
                sizeText = sizeText[..semicolon];
            }

            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            read += lineEnd + 2;
            var take = Math.Min(size, raw.Length - read);
            raw.Slice(read, take).CopyTo(raw[written..]);
            written += take;
            read += take + 2;
        }

        return raw[..written];
    }

    private static Prepared Prepare(HttpProbeTarget target, string userAgent)
    {
        var url = target.Url;
        var host = target.HostName is { } name ? HostHeader.For(name, url)
            : url.HostNameType == UriHostNameType.IPv6 || url.IsDefaultPort ? url.Authority : $"{url.IdnHost}:{url.Port}";
        var request = $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {userAgent}\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        return new Prepared(
            Encoding.ASCII.GetBytes(request),
            target.BodyContains is { Length: > 0 } text ? Encoding.UTF8.GetBytes(text) : null,
            IPAddress.TryParse(url.DnsSafeHost, out var literal) ? [literal] : null,
            string.Create(CultureInfo.InvariantCulture, $"HTTP {target.ExpectedStatus}"));
    }

    /// <summary>What does not change between runs of one target: request bytes, expected body bytes, literal address, success detail.</summary>
    private sealed record Prepared(byte[] Request, byte[]? Expected, IPAddress[]? Literal, string Success);
}
