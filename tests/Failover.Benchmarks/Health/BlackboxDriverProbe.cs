using System.Globalization;
using Failover.Core.Health;

namespace Failover.Benchmarks.Health;

/// <summary>
/// Drives the Prometheus blackbox exporter through its /probe endpoint, one call per scheduled probe, over pooled
/// keep-alive connections (the exporter itself opens a fresh connection to the target for every probe). Its targets get
/// a second more than the exporter's module timeout, so the exporter's own verdict arrives before the deadline.
/// </summary>
internal sealed class BlackboxDriverProbe(Uri exporter, string module) : IProbe, IDisposable
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

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var http = (HttpProbeTarget)target;
        try
        {
            var url = new Uri(exporter, $"/probe?module={module}&target={Uri.EscapeDataString(http.Url.ToString())}");
            var body = await _client.GetStringAsync(url, cancellationToken);
            return body.Contains("\nprobe_success 1", StringComparison.Ordinal)
                ? ProbeOutcome.Ok()
                : ProbeOutcome.Fail(ProbeFailureReason.Status, "probe_success 0");
        }
        catch (HttpRequestException e)
        {
            return ProbeOutcome.Fail(ProbeFailureReason.Error, e.Message.ToString(CultureInfo.InvariantCulture));
        }
    }

    public void Dispose() => _client.Dispose();
}
