using System.Globalization;
using Failover.ControlPlane.Hosting;
using Failover.Core.Agents;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Leadership;
using Failover.Core.Topology;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Failover.ControlPlane.Runtime;

/// <summary>
/// The control plane's heartbeat: probes every target on its own schedule, and every detection interval publishes
/// this observer's view, judges the sites with the quorum of observers, and lets the engine observe, decide and act —
/// at once, too, when a command was accepted (<see cref="LeaderEngine.RequestTurn"/>).
/// On a timer of its own (every lease TTL / 3, not tied to the probe tick or to a turn that may be busy with a step) the
/// leader renews the primaries' write leases through their site agents.
/// </summary>
internal sealed partial class ControlLoop(
    Estate estate,
    IEnumerable<IProbe> probes,
    IObserverViewExchange views,
    Core.Journal.IJournalStore journal,
    LeaderEngine leaders,
    LeaseRenewer renewer,
    RuntimeStatus status,
    EventFeed events,
    ControlPlaneOptions options,
    TimeProvider time,
    HealthMetrics metrics,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<ControlLoop>();
    private IReadOnlyDictionary<string, SiteVerdict>? _verdicts;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policy = estate.Policies.First(p => p.Id == "default");
        var thresholds = HealthThresholds.From(policy.Detection).Validate();
        var observerId = options.ObserverId ?? ObserverIdentity.Implicit;
        var observers = estate.Observers.Count > 0 ? estate.Observers.Select(o => o.Id).ToList() : [observerId];
        var model = new ObserverHealthModel(observerId, thresholds, time, loggers.CreateLogger<ObserverHealthModel>(), metrics);
        var judge = new QuorumJudge(observers, estate.Sites.Select(s => s.Id).ToList(), policy.Quorum, policy.MassFailureMaxLostShare, thresholds, time, loggers.CreateLogger<QuorumJudge>());
        using var scheduler = new ProbeScheduler(probes, model, time, new ProbeSchedulerOptions(), loggers.CreateLogger<ProbeScheduler>(), metrics);
        foreach (var target in EstateProbeTargets.Witnesses(estate))
        {
            scheduler.Add(target);
        }

        var applications = new ApplicationProbes(estate, scheduler, model);
        applications.Follow(new Dictionary<string, string>(StringComparer.Ordinal));

        using var probing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var sweep = scheduler.RunAsync(probing.Token);
        var campaign = leaders.Leadership.RunAsync(probing.Token);
        var renewing = RenewLeasesAsync(probing.Token);
        Log.Started(_logger, observerId, scheduler.Count, policy.Detection.Interval.TotalMilliseconds);
        var previous = new Dictionary<string, HealthState>(StringComparer.Ordinal);
        var operations = new Dictionary<string, Core.Operations.OperationStatus>(StringComparer.Ordinal);
        try
        {
            using var timer = new PeriodicTimer(policy.Detection.Interval, time);
            Task<bool>? tick = null;
            while (true)
            {
                var requested = leaders.TurnRequested;
                await TurnAsync(model, judge, applications, previous, operations, stoppingToken);
                tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
                if (await Task.WhenAny(tick, requested) == tick)
                {
                    if (!await tick)
                    {
                        break;
                    }

                    tick = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await probing.CancelAsync();
            await sweep.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await campaign.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Renews the leases every <see cref="LeaseRenewer.Interval"/> while this instance's engine acts.</summary>
    private async Task RenewLeasesAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(renewer.Interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (leaders.Current is not { } engine || Volatile.Read(ref _verdicts) is not { } verdicts)
            {
                continue;
            }

            try
            {
                using var acting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leaders.Leadership.Current.Lost);
                await renewer.RenewAsync(engine.Ledger, engine.Snapshot, verdicts, (engine.Observations, time), acting.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The term ended during the round: the next leader grants under its own term.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.RenewalFailed(_logger, e);
            }
        }
    }

    private async Task TurnAsync(
        ObserverHealthModel model, QuorumJudge judge, ApplicationProbes applications, Dictionary<string, HealthState> previous, Dictionary<string, Core.Operations.OperationStatus> operations,
        CancellationToken cancellationToken)
    {
        try
        {
            await views.PublishAsync(model.Snapshot(), cancellationToken);
            var seen = await views.GetViewsAsync(cancellationToken);
            var verdicts = judge.Judge(seen);
            var applicationHealth = judge.JudgeApplications(seen);
            Volatile.Write(ref _verdicts, verdicts.ToDictionary(v => v.SiteId, StringComparer.Ordinal));
            foreach (var verdict in verdicts.Where(v => !previous.TryGetValue(v.SiteId, out var s) || s != v.State))
            {
                previous[verdict.SiteId] = verdict.State;
                events.Publish(new ControlEvent(time.GetUtcNow(), "verdict", verdict.SiteId, Describe(verdict)));
            }

            if (await ActingEngineAsync(cancellationToken) is not { } engine)
            {
                // A follower shows what the leader journaled (a shared journal), else nothing it did not see itself.
                var (states, running) = await JournaledAsync(cancellationToken);
                applications.Follow(states.ToDictionary(s => s.Key, s => s.Value.PrimarySiteId, StringComparer.Ordinal));
                status.Update(new RuntimeStatus.Snapshot(verdicts, null, time.GetUtcNow(), states, new Dictionary<(string, string), Core.Replication.MemberObservation>(), running)
                {
                    Applications = applicationHealth,
                });
                return;
            }

            // Only the leader acts, and only while its term lasts: losing leadership cancels the tick, which stops
            // between (or inside) idempotent steps; the journal lets the next leader roll the operation forward.
            var lost = leaders.Leadership.Current.Lost;
            if (!ReferenceEquals(leaders.Current, engine))
            {
                return; // the term changed since the engine was chosen
            }

            using var acting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lost);
            TickReport report;
            try
            {
                report = await engine.TickAsync(new EngineTick(verdicts, []), acting.Token);
            }
            catch (OperationCanceledException) when (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                Log.StoppedActing(_logger);
                return;
            }
            catch (NotLeaderException e)
            {
                leaders.Deposed(e);
                return;
            }

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
            applications.Follow(engine.ServiceStates.ToDictionary(s => s.ServiceId, s => s.PrimarySiteId, StringComparer.Ordinal));
            status.Update(new RuntimeStatus.Snapshot(
                verdicts, report, time.GetUtcNow(), engine.ServiceStates.ToDictionary(s => s.ServiceId, StringComparer.Ordinal), observations, active)
            {
                Leases = Leases(engine.Ledger),
                Quotes = Quotes(engine),
                Applications = applicationHealth,
            });
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
            events.Publish(new ControlEvent(time.GetUtcNow(), "operation", op.Id, $"{op.Kind.ToString().ToLowerInvariant()} {op.Plan.SourceSiteId} → {op.Plan.TargetSiteId}: {op.Status.ToString().ToLowerInvariant()}"));
        }

        foreach (var id in known.Keys.Where(id => active.All(o => o.Id != id)).ToList())
        {
            known.Remove(id);
            if (await journal.GetOperationAsync(id, cancellationToken) is { } ended)
            {
                var rto = ended.Outcome.MeasuredRto is { } r ? string.Create(CultureInfo.InvariantCulture, $", RTO {r.TotalSeconds:0.0} s") : "";
                var loss = ended.Outcome.MeasuredDataLossBytes is { } l ? string.Create(CultureInfo.InvariantCulture, $", data loss {l} bytes") : "";
                events.Publish(new ControlEvent(time.GetUtcNow(), "operation", id, $"{ended.Status.ToString().ToLowerInvariant()}{rto}{loss}: {ended.Outcome.Summary}"));
            }
        }
    }

    private async Task<(Dictionary<string, Core.Journal.ServiceState> States, IReadOnlyList<Core.Journal.OperationRecord> Active)> JournaledAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var states = (await journal.ListServiceStatesAsync(timeout.Token)).ToDictionary(s => s.ServiceId, StringComparer.Ordinal);
            return (states, await journal.ListOperationsAsync(activeOnly: true, timeout.Token));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.JournalUnreadable(_logger, e);
            return (new Dictionary<string, Core.Journal.ServiceState>(StringComparer.Ordinal), []);
        }
    }

    /// <summary>The engine of this leadership term, or null when this instance must only observe.</summary>
    private async Task<FailoverEngine?> ActingEngineAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await leaders.EnsureAsync(cancellationToken);
        }
        catch (NotLeaderException e)
        {
            leaders.Deposed(e);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The term ended while the journal was loading.
            return null;
        }
    }

    /// <summary>Each covered member's lease by this term's ledger and the agent's last answer, for the status page.</summary>
    private Dictionary<(string, string), Api.LeaseStatus> Leases(LeaseLedger ledger)
    {
        var leases = new Dictionary<(string, string), Api.LeaseStatus>();
        foreach (var service in estate.Services)
        {
            foreach (var site in service.SiteIds.Where(s => renewer.Covers(service.Id, s)))
            {
                var reply = renewer.LastReply(service.Id, site);
                var remaining = -ledger.ExpiredFor(service.Id, site);
                leases[(service.Id, site)] = new Api.LeaseStatus(
                    ledger.SinceLastGrant(service.Id, site)?.TotalSeconds,
                    Math.Max(0, remaining.TotalSeconds),
                    reply?.Succeeded,
                    reply?.Status?.Fenced,
                    reply is { Succeeded: false } ? $"{reply.Failure}: {reply.Detail}" : null);
            }
        }

        return leases;
    }

    /// <summary>What promoting each reachable standby now would lose, for the status page.</summary>
    private Dictionary<(string, string), Core.Operations.DataLossQuote> Quotes(FailoverEngine engine)
    {
        var quotes = new Dictionary<(string, string), Core.Operations.DataLossQuote>();
        foreach (var state in engine.ServiceStates)
        {
            var service = estate.Service(state.ServiceId);
            foreach (var site in service.SiteIds.Where(s => s != state.PrimarySiteId))
            {
                if (engine.Observations.Latest(service.Id, site) is { Reachable: true, Role: Core.Replication.DatabaseRole.Standby })
                {
                    quotes[(service.Id, site)] = Core.Decisions.DataLossQuoter.Quote(service, estate.PolicyOf(service), state.PrimarySiteId, site, engine.Observations);
                }
            }
        }

        return quotes;
    }

    private static string Describe(SiteVerdict v) =>
        string.Create(CultureInfo.InvariantCulture, $"{v.State.ToString().ToLowerInvariant()}{(v.AutomaticActionBlocked is { } b ? $" (automatic action blocked: {b})" : "")}");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Control loop started as observer {ObserverId}: {Targets} probe targets, every {IntervalMs} ms")]
        public static partial void Started(ILogger logger, string observerId, int targets, double intervalMs);

        [LoggerMessage(2, LogLevel.Error, "Control loop turn failed; retrying on the next turn")]
        public static partial void TurnFailed(ILogger logger, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "Leadership lost during a turn: stopped acting; the next leader resumes from the journal")]
        public static partial void StoppedActing(ILogger logger);

        [LoggerMessage(4, LogLevel.Warning, "Follower could not read the journal for its status page")]
        public static partial void JournalUnreadable(ILogger logger, Exception exception);

        [LoggerMessage(5, LogLevel.Error, "Lease renewal round failed; retrying on the next round")]
        public static partial void RenewalFailed(ILogger logger, Exception exception);
    }
}
