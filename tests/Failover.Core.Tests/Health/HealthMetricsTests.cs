using System.Diagnostics.Metrics;
using Failover.Core.Health;

namespace Failover.Core.Tests.Health;

public class HealthMetricsTests
{
    [Fact]
    public void RecordProbe_PublishesDurationAndResultByReason_AndSiteStateGauge()
    {
        using var metrics = new HealthMetrics();
        var seen = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HealthMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => seen.Add((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen.Add((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => seen.Add((i.Name, v, Tags(tags))));
        listener.Start();
        var target = HealthTestKit.Http("ovh-sbg");

        metrics.RecordProbe(target, HealthTestKit.Fail(target, HealthTestKit.Start), TimeSpan.FromMilliseconds(3));
        metrics.ReportSiteState("obs-gra", "ovh-sbg", HealthState.Down);
        listener.RecordObservableInstruments();

        seen.Should().Contain(m => m.Instrument == "failover.probe.duration" && Math.Abs(m.Value - 0.8) < 1e-9 && (string)m.Tags["probe.reason"]! == "timeout");
        seen.Should().Contain(m => m.Instrument == "failover.probe.results" && m.Value == 1 && (string)m.Tags["probe.kind"]! == "http");
        seen.Should().Contain(m => m.Instrument == "failover.probe.schedule_lag");
        seen.Should().Contain(m => m.Instrument == "failover.site.state" && m.Value == (int)HealthState.Down && (string)m.Tags["site"]! == "ovh-sbg");
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var d = new Dictionary<string, object?>();
        foreach (var t in tags)
        {
            d[t.Key] = t.Value;
        }

        return d;
    }
}
