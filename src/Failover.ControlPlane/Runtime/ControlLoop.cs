using System.Globalization;
using Failover.ControlPlane.Hosting;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Topology;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Failover.ControlPlane.Runtime;

/// <summary>
/// The control plane's heartbeat: probes every target on its own schedule, and every detection interval publishes
/// this observer's view, judges the sites with the quorum of observers, and lets the engine observe, decide and act.
/// </summary>
internal sealed partial class ControlLoop(
    Estate estate,
    ControlPlaneComponents components,
    FailoverEngine engine,
    RuntimeStatus status,
    EventFeed events,
    ControlPlaneOptions options,
    TimeProvider time,
    HealthMetrics metrics,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<ControlLoop>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Acts)
        {
            await engine.InitializeAsync(stoppingToken);
        }

        var policy = estate.Policies.First(p => p.Id == "default");
        var thresholds = HealthThresholds.From(policy.Detection).Validate();
        var observerId = options.ObserverId ?? ObserverIdentity.Implicit;
        var observers = estate.Observers.Count > 0 ? estate.Observers.Select(o => o.Id).ToList() : [observerId];
        var model = new ObserverHealthModel(observerId, thresholds, time, loggers.CreateLogger<ObserverHealthModel>(), metrics);
        var judge = new QuorumJudge(observers, estate.Sites.Select(s => s.Id).ToList(), policy.Quorum, policy.MassFailureMaxLostShare, thresholds, time, loggers.CreateLogger<QuorumJudge>());
        using var scheduler = new ProbeScheduler(components.Probes, model, time, new ProbeSchedulerOptions(), loggers.CreateLogger<ProbeScheduler>(), metrics);
        foreach (var target in EstateProbeTargets.Build(estate))
        {
            scheduler.Add(target);
        }

        using var probing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var probes = scheduler.RunAsync(probing.Token);
        Log.Started(_logger, observerId, scheduler.Count, policy.Detection.Interval.TotalMilliseconds);
        var previous = new Dictionary<string, HealthState>(StringComparer.Ordinal);
        var operations = new Dictionary<string, Core.Operations.OperationStatus>(StringComparer.Ordinal);
        try
        {
            using var timer = new PeriodicTimer(policy.Detection.Interval, time);
            do
            {
                await TurnAsync(model, judge, previous, operations, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await probing.CancelAsync();
            await probes.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task TurnAsync(
        ObserverHealthModel model, QuorumJudge judge, Dictionary<string, HealthState> previous, Dictionary<string, Core.Operations.OperationStatus> operations,
        CancellationToken cancellationToken)
    {
        try
        {
            await components.Views.PublishAsync(model.Snapshot(), cancellationToken);
            var verdicts = judge.Judge(await components.Views.GetViewsAsync(cancellationToken));
            foreach (var verdict in verdicts.Where(v => !previous.TryGetValue(v.SiteId, out var s) || s != v.State))
            {
                previous[verdict.SiteId] = verdict.State;
                events.Publish(new ControlEvent(time.GetUtcNow(), "verdict", verdict.SiteId, Describe(verdict)));
            }

            if (!options.Acts)
            {
                status.Update(new RuntimeStatus.Snapshot(verdicts, null, time.GetUtcNow(), new Dictionary<string, Core.Journal.ServiceState>(), new Dictionary<(string, string), Core.Replication.MemberObservation>(), []));
                return;
            }

            var report = await engine.TickAsync(new EngineTick(verdicts, []), cancellationToken);
            var observations = new Dictionary<(string, string), Core.Replication.MemberObservation>();
            foreach (var service in estate.Services)
            {
                foreach (var site in service.SiteIds)
                {
                    if (engine.Observations.Latest(service.Id, site) is { } observation)
                    {
                        observations[(service.Id, site)] = observation;
                    }
                }
            }

            var active = engine.ActiveOperations;
            status.Update(new RuntimeStatus.Snapshot(
                verdicts, report, time.GetUtcNow(), engine.ServiceStates.ToDictionary(s => s.ServiceId, StringComparer.Ordinal), observations, active));
            await PublishOperationChangesAsync(active, operations, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One bad turn (a journal write failing, say) must not stop the heartbeat; the next turn retries.
            Log.TurnFailed(_logger, e);
        }
    }

    /// <summary>Publishes each operation that appeared, changed status or ended since the last turn.</summary>
    private async Task PublishOperationChangesAsync(
        IReadOnlyList<Core.Journal.OperationRecord> active, Dictionary<string, Core.Operations.OperationStatus> known, CancellationToken cancellationToken)
    {
        foreach (var op in active.Where(o => !known.TryGetValue(o.Id, out var s) || s != o.Status))
        {
            known[op.Id] = op.Status;
            events.Publish(new ControlEvent(time.GetUtcNow(), "operation", op.Id, $"{op.Kind.ToString().ToLowerInvariant()} {op.SourceSiteId} → {op.TargetSiteId}: {op.Status.ToString().ToLowerInvariant()}"));
        }

        foreach (var id in known.Keys.Where(id => active.All(o => o.Id != id)).ToList())
        {
            known.Remove(id);
            if (await components.Journal.GetOperationAsync(id, cancellationToken) is { } ended)
            {
                var rto = ended.MeasuredRto is { } r ? string.Create(CultureInfo.InvariantCulture, $", RTO {r.TotalSeconds:0.0} s") : "";
                var loss = ended.MeasuredDataLossBytes is { } l ? string.Create(CultureInfo.InvariantCulture, $", data loss {l} bytes") : "";
                events.Publish(new ControlEvent(time.GetUtcNow(), "operation", id, $"{ended.Status.ToString().ToLowerInvariant()}{rto}{loss}: {ended.Outcome}"));
            }
        }
    }

    private static string Describe(SiteVerdict v) =>
        string.Create(CultureInfo.InvariantCulture, $"{v.State.ToString().ToLowerInvariant()}{(v.AutomaticActionBlocked is { } b ? $" (automatic action blocked: {b})" : "")}");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Control loop started as observer {ObserverId}: {Targets} probe targets, every {IntervalMs} ms")]
        public static partial void Started(ILogger logger, string observerId, int targets, double intervalMs);

        [LoggerMessage(2, LogLevel.Error, "Control loop turn failed; retrying on the next turn")]
        public static partial void TurnFailed(ILogger logger, Exception exception);
    }
}
