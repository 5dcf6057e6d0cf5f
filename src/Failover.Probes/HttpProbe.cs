using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Failover.Core.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Probes;

/// <summary>
/// HTTP(S) probe: status, optional body match, latency. Certificates are validated unless the target opts out.
/// Plain <c>http://</c> targets with fresh connections take the lean <see cref="PlainHttpExchange"/> path; HTTPS and
/// connection reuse go through <see cref="SocketsHttpHandler"/>.
/// Each run has its own linked CancellationTokenSource with the target's timeout; every failure is a typed result
/// (dns, refused, timeout, tls, status, body); only the caller's own cancellation escapes, as OperationCanceledException.
/// </summary>
internal sealed partial class HttpProbe : IProbe, IDisposable
{
    private readonly HttpMessageInvoker _validating;
    private readonly HttpMessageInvoker _lenient;
    private readonly HttpProbeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProductInfoHeaderValue _userAgent;

    public HttpProbe(TimeProvider time, ILogger<HttpProbe>? logger = null, HttpProbeOptions? options = null)
    {
        _time = time;
        _logger = logger ?? NullLogger<HttpProbe>.Instance;
        _options = options ?? new HttpProbeOptions();
        _userAgent = ProductInfoHeaderValue.Parse(_options.UserAgent);
        _validating = new HttpMessageInvoker(CreateHandler(validate: true), disposeHandler: true);
        _lenient = new HttpMessageInvoker(CreateHandler(validate: false), disposeHandler: true);
    }

    public bool CanProbe(ProbeTarget target) => target is HttpProbeTarget;

    public async ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var http = (HttpProbeTarget)target;
        var clock = ProbeClock.Start(_time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(target.Timeout);
        ProbeResult result;
        try
        {
            result = http.Url.Scheme == Uri.UriSchemeHttp && !_options.ReuseConnections
                ? await PlainHttpExchange.SendAsync(http, clock, _options.UserAgent, _options.MaxBodyBytes, cts.Token)
                : await SendAsync(http, clock, cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = clock.Fail(target, ProbeFailureReason.Timeout, $"no complete answer within {target.Timeout.TotalMilliseconds:0} ms");
        }
        catch (SocketException e)
        {
            var (reason, detail) = SocketFailures.Classify(e);
            result = clock.Fail(target, reason, detail);
        }
        catch (HttpRequestException e)
        {
            var (reason, detail) = Classify(e);
            result = clock.Fail(target, reason, detail);
        }
#pragma warning disable CA1031 // Anything else a probe meets is still a result, never an exception through the sweep.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            result = clock.Fail(target, ProbeFailureReason.Error, $"{e.GetType().Name}: {e.Message}");
        }

        if (!result.Succeeded)
        {
            Log.ProbeFailed(_logger, target.Id, result.Reason, result.Detail);
        }

        return result;
    }

    public void Dispose()
    {
        _validating.Dispose();
        _lenient.Dispose();
    }

    private async Task<ProbeResult> SendAsync(HttpProbeTarget target, ProbeClock clock, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target.Url)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.UserAgent.Add(_userAgent);
        if (!_options.ReuseConnections)
        {
            request.Headers.ConnectionClose = true;
        }

        var invoker = target.ValidateCertificate ? _validating : _lenient;
        using var response = await invoker.SendAsync(request, ct);
        var status = (int)response.StatusCode;
        if (status != target.ExpectedStatus)
        {
            return clock.Fail(target, ProbeFailureReason.Status, $"HTTP {status} (expected {target.ExpectedStatus})");
        }

        if (target.BodyContains is { Length: > 0 } expected)
        {
            var body = await ReadPrefixAsync(response.Content, ct);
            if (!body.Contains(expected, StringComparison.Ordinal))
            {
                return clock.Fail(target, ProbeFailureReason.Body, $"body does not contain the expected text (read {body.Length} chars)");
            }
        }

        return clock.Ok(target, $"HTTP {status}");
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

    private static (ProbeFailureReason, string) Classify(HttpRequestException e)
    {
        switch (e.HttpRequestError)
        {
            case HttpRequestError.NameResolutionError:
                return (ProbeFailureReason.Dns, "name resolution failed");
            case HttpRequestError.SecureConnectionError:
                var auth = e.InnerException as AuthenticationException ?? e.InnerException?.InnerException as AuthenticationException;
                return (ProbeFailureReason.Tls, $"TLS handshake failed: {(auth ?? e.InnerException ?? e).Message}");
        }

        if (SocketFailures.Find(e) is { } socket)
        {
            return SocketFailures.Classify(socket);
        }

        return e.HttpRequestError == HttpRequestError.ConnectionError
            ? (ProbeFailureReason.Refused, $"connection failed: {e.Message}")
            : (ProbeFailureReason.Error, $"{e.HttpRequestError}: {e.Message}");
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
        if (!validate)
        {
#pragma warning disable CA5359 // Only for targets whose configuration explicitly sets validateCertificate: false.
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        return handler;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4401, Level = LogLevel.Debug, Message = "HTTP probe {TargetId} failed: {Reason} {Detail}")]
        public static partial void ProbeFailed(ILogger logger, string targetId, ProbeFailureReason reason, string? detail);
    }
}
