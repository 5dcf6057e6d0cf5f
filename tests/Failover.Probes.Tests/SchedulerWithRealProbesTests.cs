using Failover.Core.Health;

namespace Failover.Probes.Tests;

/// <summary>The whole observer path on real time: scheduler → real HTTP probe → Kestrel → health model.</summary>
[Collection(EndpointsGroup.Name)]
public sealed class SchedulerWithRealProbesTests(TestEndpoints endpoints)
{
    [Fact]
    public async Task Observer_RealHttpTargets_HealthySiteAndDownSite()
    {
        var thresholds = new HealthThresholds(1, 3, 2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), 2, TimeSpan.FromSeconds(5));
        var model = new ObserverHealthModel("obs-local", thresholds, TimeProvider.System);
        var probes = ProbesServiceCollectionExtensions.CreateProbes();
        using var scheduler = new ProbeScheduler(probes, model, TimeProvider.System, new ProbeSchedulerOptions { Seed = 1 });
        var interval = TimeSpan.FromMilliseconds(100);
        scheduler.Add(new HttpProbeTarget("ent@up/http", "up", interval, TimeSpan.FromSeconds(1), new Uri(endpoints.Http, "/ok"), 200, "ok"));
        scheduler.Add(new TcpProbeTarget("ent@up/tcp", "up", interval, TimeSpan.FromSeconds(1), "127.0.0.1", endpoints.Http.Port));
        scheduler.Add(new HttpProbeTarget("ent@down/http", "down", interval, TimeSpan.FromSeconds(1), new Uri(endpoints.Http, "/fail"), 200, null));
        using var stop = new CancellationTokenSource();
        var loop = scheduler.RunAsync(stop.Token);
        try
        {
            var deadline = Environment.TickCount64 + 10_000;
            ObserverView view;
            do
            {
                await Task.Delay(50);
                view = model.Snapshot();
            }
            while ((view.Site("up")?.State != HealthState.Healthy || view.Site("down")?.State != HealthState.Down) && Environment.TickCount64 < deadline);

            view.Site("up")!.State.Should().Be(HealthState.Healthy);
            view.Site("down")!.State.Should().Be(HealthState.Down);
            view.Site("down")!.Targets.Single().LastError.Should().Be("status: HTTP 500 (expected 200)");
            view.SelfSuspect.Should().BeFalse();
        }
        finally
        {
            await stop.CancelAsync();
            await loop;
            foreach (var p in probes.OfType<IDisposable>())
            {
                p.Dispose();
            }
        }
    }
}
