using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Failover.Core.Health;

/// <summary>
/// The health engine's instruments (meter <c>Failover.Health</c>): probe duration, results by reason, scheduling
/// lag, and the site state each observer sees. Create one per process (or per <see cref="IMeterFactory"/>).
/// </summary>
public sealed class HealthMetrics : IDisposable
{
    public const string MeterName = "Failover.Health";

    private readonly Meter _meter;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _results;
    private readonly Histogram<double> _lag;
    private readonly Counter<long> _skipped;
    private readonly ConcurrentDictionary<(string Observer, string Site), HealthState> _siteStates = new();

    public HealthMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _duration = _meter.CreateHistogram<double>(
            "failover.probe.duration", "s", "Probe duration, by probe kind and outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _results = _meter.CreateCounter<long>("failover.probe.results", "{probe}", "Probe results, by probe kind and reason");
        _lag = _meter.CreateHistogram<double>("failover.probe.schedule_lag", "s", "How late probes start compared to their due time");
        _skipped = _meter.CreateCounter<long>("failover.probe.skipped", "{probe}", "Probe runs skipped because the previous run was still going or the loop fell behind");
        _meter.CreateObservableGauge("failover.site.state", ObserveSiteStates, "{state}", "Site state as each observer sees it (0 unknown, 1 healthy, 2 suspect, 3 down, 4 flapping, 5 lost)");
    }

    public void RecordProbe(ProbeTarget target, ProbeResult result, TimeSpan lag)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(result);
        var kind = KindOf(target);
        var reason = TargetHealthTracker.Describe(result.Reason);
        var tags = new TagList { { "probe.kind", kind }, { "probe.reason", reason } };
        _duration.Record(result.Latency.TotalSeconds, tags);
        _results.Add(1, tags);
        _lag.Record(lag.TotalSeconds, new KeyValuePair<string, object?>("probe.kind", kind));
    }

    public void RecordSkipped(ProbeTarget target, string why) =>
        _skipped.Add(1, new KeyValuePair<string, object?>("probe.kind", KindOf(target)), new KeyValuePair<string, object?>("why", why));

    public void ReportSiteState(string observerId, string siteId, HealthState state) => _siteStates[(observerId, siteId)] = state;

    public void Dispose() => _meter.Dispose();

    internal static string KindOf(ProbeTarget target) => target switch
    {
        HttpProbeTarget => "http",
        TcpProbeTarget => "tcp",
        PostgresProbeTarget => "postgres",
        KubernetesProbeTarget => "kubernetes",
        _ => target.GetType().Name,
    };

    private IEnumerable<Measurement<int>> ObserveSiteStates()
    {
        foreach (var ((observer, site), state) in _siteStates)
        {
            yield return new Measurement<int>((int)state, new KeyValuePair<string, object?>("observer", observer), new KeyValuePair<string, object?>("site", site));
        }
    }
}
