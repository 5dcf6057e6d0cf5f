using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Failover.Core.Health;
using Microsoft.Extensions.Logging;

namespace Failover.Probes;

/// <summary>
/// HTTP(S) probe: status, optional body match, latency. Certificates are validated unless the target opts out. A target
/// with a <see cref="HttpProbeTarget.HostName"/> connects to its URL's address but asks for that name (Host header, TLS
/// server name and certificate name), as a client of the service behind a shared ingress does.
/// Every probe goes through <see cref="SocketsHttpHandler"/> (a hand-written plain-HTTP exchange won only about 1.2x
/// in probes per CPU-second in the health-probes benchmark: not worth its own HTTP parser).
/// Every failure it can name is a typed outcome (dns, refused, tls, status, body); the token carries the deadline.
/// </summary>
internal sealed class HttpProbe : IProbe, IDisposable
{
    private readonly HttpMessageInvoker _validating;
    private readonly HttpMessageInvoker _lenient;
    private readonly HttpProbeOptions _options;
    private readonly ProductInfoHeaderValue _userAgent;

    public HttpProbe(HttpProbeOptions? options = null)
    {
        _options = options ?? new HttpProbeOptions();
        _userAgent = ProductInfoHeaderValue.Parse(_options.UserAgent);
        _validating = new HttpMessageInvoker(CreateHandler(validate: true), disposeHandler: true);
        _lenient = new HttpMessageInvoker(CreateHandler(validate: false), disposeHandler: true);
    }

    public bool CanProbe(ProbeTarget target) => target is HttpProbeTarget;

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var http = (HttpProbeTarget)target;
        try
        {
            return await SendAsync(http, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return Classify(e);
        }
    }

    public void Dispose()
    {
        _validating.Dispose();
        _lenient.Dispose();
    }

    private async Task<ProbeOutcome> SendAsync(HttpProbeTarget target, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target.Url)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.UserAgent.Add(_userAgent);
        if (target.HostName is { } name)
        {
            // SocketsHttpHandler takes the TLS server name (SNI, and the name the certificate must match) from the Host
            // header, and keys its connection pool by it: one ingress address, one pool per host name.
            request.Headers.Host = HostHeader.For(name, target.Url);
        }

        if (!_options.ReuseConnections)
        {
            request.Headers.ConnectionClose = true;
        }

        var invoker = target.ValidateCertificate ? _validating : _lenient;
        using var response = await invoker.SendAsync(request, ct);
        var status = (int)response.StatusCode;
        if (status != target.ExpectedStatus)
        {
            return ProbeOutcome.Fail(ProbeFailureReason.Status, $"HTTP {status} (expected {target.ExpectedStatus})");
        }

        if (target.BodyContains is { Length: > 0 } expected)
        {
            var body = await ReadPrefixAsync(response.Content, ct);
            if (!body.Contains(expected, StringComparison.Ordinal))
            {
                return ProbeOutcome.Fail(ProbeFailureReason.Body, $"body does not contain the expected text (read {body.Length} chars)");
            }
        }

        return ProbeOutcome.Ok($"HTTP {status}");
    }

    private async Task<string> ReadPrefixAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = ArrayPool<byte>.Shared.Rent(_options.MaxBodyBytes);
        try
        {
            var total = 0;
            int read;
            while (total < _options.MaxBodyBytes && (read = await stream.ReadAsync(buffer.AsMemory(total, _options.MaxBodyBytes - total), ct)) > 0)
            {
                total += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ProbeOutcome Classify(HttpRequestException e)
    {
        switch (e.HttpRequestError)
        {
            case HttpRequestError.NameResolutionError:
                return ProbeOutcome.Fail(ProbeFailureReason.Dns, "name resolution failed");
            case HttpRequestError.SecureConnectionError:
                var auth = e.InnerException as AuthenticationException ?? e.InnerException?.InnerException as AuthenticationException;
                return ProbeOutcome.Fail(ProbeFailureReason.Tls, $"TLS handshake failed: {(auth ?? e.InnerException ?? e).Message}");
        }

        if (SocketFailures.Find(e) is { } socket)
        {
            return SocketFailures.Outcome(socket);
        }

        return e.HttpRequestError == HttpRequestError.ConnectionError
            ? ProbeOutcome.Fail(ProbeFailureReason.Refused, $"connection failed: {e.Message}")
            : ProbeOutcome.Fail(ProbeFailureReason.Error, $"{e.HttpRequestError}: {e.Message}");
    }

    private SocketsHttpHandler CreateHandler(bool validate)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            // The linked token bounds the whole probe; no separate connect timeout.
            ConnectTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = _options.ReuseConnections ? TimeSpan.FromMinutes(5) : TimeSpan.Zero,
            PooledConnectionIdleTimeout = _options.ReuseConnections ? TimeSpan.FromSeconds(30) : TimeSpan.Zero,
            MaxConnectionsPerServer = int.MaxValue,
        };
        if (validate && _options.TrustedRoots is { Count: > 0 } roots)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions.CertificateChainPolicy = policy;
        }

        if (!validate)
        {
#pragma warning disable CA5359 // Only for targets whose configuration explicitly sets validateCertificate: false.
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        return handler;
    }
}
