using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Testing;

namespace Failover.Core.Tests.Health;

/// <summary>
/// The real health pipeline in front of the real engine: the estate's probe targets (<see cref="EstateProbeTargets"/>,
/// applications kept at each service's active site by <see cref="ApplicationProbes"/>), one health model per observer,
/// the quorum judge, then the engine's tick with the verdicts it produced. Probe results come from the simulated world
/// of the <see cref="EngineHarness"/>: a witness answers while its site stands; an application answers where its
/// workload runs (a standby's is scaled to zero) unless <see cref="FailingApplications"/> holds it.
/// </summary>
internal sealed class HealthPipeline : IDisposable
{
    private readonly EngineHarness _h;
    private readonly IReadOnlyList<ProbeTarget> _witnesses;
    private readonly Dictionary<string, (ObserverHealthModel Model, ApplicationProbes Applications)> _observers = new(StringComparer.Ordinal);
    private readonly List<ProbeScheduler> _schedulers = [];
    private readonly QuorumJudge _judge;

    public HealthPipeline(EngineHarness harness)
    {
        _h = harness;
        var policy = harness.Estate.Policies.First(p => p.Id == "auto");
        _witnesses = EstateProbeTargets.Witnesses(harness.Estate);
        _judge = QuorumJudge.For(harness.Estate, policy, harness.Time);
        foreach (var observer in harness.Estate.Observers)
        {
            var model = new ObserverHealthModel(observer.Id, HealthThresholds.From(policy.Detection), harness.Time);
            var scheduler = new ProbeScheduler([], model, harness.Time, new ProbeSchedulerOptions());
            _schedulers.Add(scheduler);
            var applications = new ApplicationProbes(harness.Estate, scheduler, model);
            applications.Follow(new Dictionary<string, string>(StringComparer.Ordinal));
            _observers[observer.Id] = (model, applications);
        }
    }

    /// <summary>(service, site) whose application answers 503 although its workload runs.</summary>
    public HashSet<(string Service, string Site)> FailingApplications { get; } = [];

    public IReadOnlyList<SiteVerdict> Verdicts { get; private set; } = [];

    public IReadOnlyList<ApplicationVerdict> Applications { get; private set; } = [];

    public SiteVerdict Verdict(string site) => Verdicts.Single(v => v.SiteId == site);

    public async Task<TickReport> TickAsync(int seconds = 1)
    {
        TickReport? last = null;
        for (var i = 0; i < seconds; i++)
        {
            _h.Time.Advance(TimeSpan.FromSeconds(1));
            _h.World.Step();
            var views = new Dictionary<string, ObserverView>(StringComparer.Ordinal);
            foreach (var (id, (model, applications)) in _observers)
            {
                foreach (var target in Targets(applications))
                {
                    model.Record(target, Probe(target));
                }

                views[id] = model.Snapshot();
            }

            Verdicts = _judge.Judge(views);
            Applications = _judge.JudgeApplications(views);
            await _h.Renewer.RenewAsync(_h.Engine.Ledger, _h.Engine.Snapshot, Verdicts.ToDictionary(v => v.SiteId, StringComparer.Ordinal), CancellationToken.None);
            last = await _h.Engine.TickAsync(new EngineTick(Verdicts, []), CancellationToken.None);
            var active = _h.Engine.ServiceStates.ToDictionary(s => s.ServiceId, s => s.PrimarySiteId, StringComparer.Ordinal);
            foreach (var (_, applications) in _observers.Values)
            {
                applications.Follow(active);
            }
        }

        return last!;
    }

    public void Dispose() => _schedulers.ForEach(s => s.Dispose());

    public async Task<IReadOnlyList<OperationRecord>> OperationsAsync() => await _h.Journal.ListOperationsAsync(activeOnly: false, CancellationToken.None);

    private IEnumerable<ProbeTarget> Targets(ApplicationProbes applications) => _witnesses.Concat(applications.Targets);

    private ProbeResult Probe(ProbeTarget target)
    {
        var at = _h.Time.GetUtcNow();
        if (!_h.World.Alive(target.SiteId))
        {
            return new ProbeResult(target.Id, at, TimeSpan.FromSeconds(1), ProbeFailureReason.Timeout, "no answer");
        }

        if (target.ServiceId is { } service)
        {
            if (!_h.World.Workloads[(service, target.SiteId)].Active)
            {
                return new ProbeResult(target.Id, at, TimeSpan.FromMilliseconds(2), ProbeFailureReason.Status, "HTTP 503 (expected 200): no endpoints (scaled to 0)");
            }

            if (FailingApplications.Contains((service, target.SiteId)))
            {
                return new ProbeResult(target.Id, at, TimeSpan.FromMilliseconds(2), ProbeFailureReason.Status, "HTTP 500 (expected 200)");
            }
        }

        return new ProbeResult(target.Id, at, TimeSpan.FromMilliseconds(2), ProbeFailureReason.None, null);
    }
}
