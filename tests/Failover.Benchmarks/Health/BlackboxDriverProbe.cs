using System.Globalization;
using Failover.Core.Health;

namespace Failover.Benchmarks.Health;

/// <summary>
/// Drives the Prometheus blackbox exporter through its /probe endpoint, one call per scheduled probe, over pooled
/// keep-alive connections (the exporter itself opens a fresh connection to the target for every probe).
/// </summary>
internal sealed class BlackboxDriverProbe(Uri exporter, string module, TimeProvider time) : IProbe, IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 2048,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseProxy = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public bool CanProbe(ProbeTarget target) => target is HttpProbeTarget;

    public async ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var http = (HttpProbeTarget)target;
        var startedAt = time.GetUtcNow();
        var t0 = time.GetTimestamp();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(target.Timeout + TimeSpan.FromSeconds(1));
        try
        {
            var url = new Uri(exporter, $"/probe?module={module}&target={Uri.EscapeDataString(http.Url.ToString())}");
            var body = await _client.GetStringAsync(url, cts.Token);
            var ok = body.Contains("\nprobe_success 1", StringComparison.Ordinal);
            return new ProbeResult(target.Id, startedAt, time.GetElapsedTime(t0), ok ? ProbeFailureReason.None : ProbeFailureReason.Status, ok ? null : "probe_success 0");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(target.Id, startedAt, time.GetElapsedTime(t0), ProbeFailureReason.Timeout, "exporter did not answer");
        }
        catch (HttpRequestException e)
        {
            return new ProbeResult(target.Id, startedAt, time.GetElapsedTime(t0), ProbeFailureReason.Error, e.Message.ToString(CultureInfo.InvariantCulture));
        }
    }

    public void Dispose() => _client.Dispose();
}
