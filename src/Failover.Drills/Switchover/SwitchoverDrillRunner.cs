using System.Collections.Concurrent;
using System.Globalization;
using Failover.Core;
using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Drills.Switchover;

/// <summary>
/// A switchover drill: inside a maintenance window, with the service healthy and idle, a writer runs against the service
/// while the acting engine switches it over to a standby, rebuilds the old primary as a standby (reprotect), fails
/// it back and rebuilds the standby; then every acknowledged write must be on the
/// final primary. When it ends, the drill is journaled as a <see cref="OperationKind.Drill"/> operation (variant
/// <c>switchover</c>) whose steps are the phases, so <c>drill history</c> lists it and its report is rebuilt from the journal.
/// </summary>
/// <remarks>
/// The engine allows one operation per service, and the drill's switchover, reprotects and failback are those
/// operations, each journaled by the engine as it runs. So the drill's own record never holds the service's slot: it is
/// kept in memory (status Failed, outcome "interrupted", the trail of its phases) and written once, when the drill
/// ends, with the verdict and the whole trail. A control plane that stops mid-drill leaves no drill record; the engine
/// rolls the phase's switchover or failback forward on its own, and that operation's record says what happened. Between
/// two phases another operation may take the slot: the next phase is then refused by the engine and the drill fails
/// with that reason.
/// </remarks>
public sealed class SwitchoverDrillRunner : IDisposable
{
    public const string InterruptedOutcome = "interrupted: the drill has not recorded its end (still running, or the control plane stopped during it)";

    private readonly Estate _estate;
    private readonly IJournalStore _journal;
    private readonly Func<FailoverEngine?> _engine;
    private readonly IMaintenanceWindows _windows;
    private readonly IDrillWriter? _writer;
    private readonly IDrillHold _hold;
    private readonly TimeProvider _time;
    private readonly SwitchoverDrillOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Task<OperationRecord>> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _serviceDrill = new(StringComparer.Ordinal);

    // A drill's record is written once, when it ends, with its whole trail: the Kubernetes journal archives an ended
    // record at its first write and never rewrites it, and a running drill must not hold the service's slot.
    private readonly ConcurrentDictionary<string, List<JournalEntry>> _trails = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="engine">The acting engine (the leader's), or null when this instance must not act.</param>
    /// <param name="writer">The writer run against the service; without one every switchover drill is refused.</param>
    /// <param name="hold">No drill while a site of the service is not healthy or an operation runs (the control loop's view).</param>
    public SwitchoverDrillRunner(
        Estate estate, IJournalStore journal, Func<FailoverEngine?> engine, IMaintenanceWindows windows, IDrillWriter? writer, IDrillHold hold,
        TimeProvider time, SwitchoverDrillOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(hold);
        ArgumentNullException.ThrowIfNull(time);
        _estate = estate;
        _journal = journal;
        _engine = engine;
        _windows = windows;
        _writer = writer;
        _hold = hold;
        _time = time;
        _options = options ?? new SwitchoverDrillOptions();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Checks the drill may run and runs it in the background (journaled when it ends); returns its id, or the refusal.</summary>
    public async Task<DrillLaunchResult> StartAsync(string serviceId, string requestedBy, string? reason, string? targetSiteId, CancellationToken cancellationToken)
    {
        if (Refusal(serviceId, requestedBy, targetSiteId, out var service, out var source, out var target, out var window) is { } refusal)
        {
            Log.Refused(_logger, serviceId, refusal);
            return DrillLaunchResult.Refused(refusal);
        }

        var now = _time.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"drill-{now:yyyyMMddHHmmssfff}-switchover-{service!.Id}");
        if (!_serviceDrill.TryAdd(service.Id, id))
        {
            return DrillLaunchResult.Refused($"a switchover drill of {service.Id} is already running ({_serviceDrill.GetValueOrDefault(service.Id)})");
        }

        try
        {
            // Until it ends, the drill reads as interrupted: that is what its completion returns if the run crashes.
            var record = OperationRecord.Running(
                id,
                new OperationRequest(service.Id, OperationKind.Drill, target, requestedBy, reason ?? "switchover drill", Variant: DrillVariants.Switchover),
                new RecordedPlan(source!, target!, $"first standby of {service.Id}", Epoch.Initial, Epoch.Initial, SwitchoverDrillSteps.All,
                    DataLossQuote.None("planned switchover: the engine waits for the standby to catch up")),
                now) with { Status = OperationStatus.Failed, Outcome = OperationOutcome.Pending with { Summary = InterruptedOutcome } };
            Trail(record.Id, Entry(record, JournalEntryKind.Requested, null, requestedBy,
                $"switchover drill {source} -> {target} and back, inside maintenance window '{window!.Name}' (until {window.End:O}); reason: {record.Request.Reason}"));
            Log.Started(_logger, id, service.Id, requestedBy, source!, target!);
            _running[id] = Task.Run(() => RunGuardedAsync(record, service), CancellationToken.None);
            return DrillLaunchResult.Accepted(id);
        }
        catch
        {
            _serviceDrill.TryRemove(service.Id, out _);
            throw;
        }
    }

    /// <summary>The end of a drill this runner started (its final journal record), or null when it did not start it.</summary>
    public Task<OperationRecord>? Completion(string drillId) => _running.TryGetValue(drillId, out var task) ? task : null;

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private string? Refusal(string serviceId, string requestedBy, string? targetSiteId, out Service? service, out string? source, out string? target, out MaintenanceWindow? window)
    {
        source = target = null;
        window = null;
        service = _estate.Services.FirstOrDefault(s => s.Id == serviceId);
        if (service is null)
        {
            return $"service: '{serviceId}' is not a service of the estate";
        }

        if (string.IsNullOrWhiteSpace(requestedBy))
        {
            return "requestedBy: a name is required";
        }

        var now = _time.GetUtcNow();
        window = _windows.OpenAt(serviceId, now);
        if (window is null)
        {
            return $"a switchover drill of {serviceId} runs only inside a maintenance window, and none is open at {now:O}";
        }

        if (_writer is null)
        {
            return "no drill writer is configured: a switchover drill must prove that no acknowledged commit is lost";
        }

        if (_engine() is not { } engine)
        {
            return "this instance does not act (not the leader, or still loading the journal): send the drill to the leader";
        }

        if (engine.ActiveOperations.FirstOrDefault(o => o.ServiceId == serviceId) is { } busy)
        {
            return $"one operation per service: {busy.Id} ({busy.Kind}, {busy.Status}) is active on {serviceId}";
        }

        if (_hold.Check(serviceId) is { Held: true } held)
        {
            return held.Reason ?? "drills are frozen";
        }

        var primary = engine.ServiceStates.FirstOrDefault(s => s.ServiceId == serviceId)?.PrimarySiteId ?? service.PrimarySiteId;
        if (primary != service.PrimarySiteId)
        {
            return $"{serviceId} runs on {primary}, not its configured primary {service.PrimarySiteId}: fail it back before a switchover drill";
        }

        target = targetSiteId ?? (service.StandbySiteIds.Count > 0 ? service.StandbySiteIds[0] : null);
        if (target is null || !service.StandbySiteIds.Contains(target))
        {
            return $"target: '{targetSiteId}' is not a standby site of {serviceId} ({string.Join(", ", service.StandbySiteIds)})";
        }

        source = primary;
        return null;
    }

    private async Task<OperationRecord> RunGuardedAsync(OperationRecord record, Service service)
    {
        try
        {
            return await RunAsync(record, service, _stopping.Token);
        }
#pragma warning disable CA1031 // The drill runs in the background: a crash is logged and its completion reads as interrupted, never thrown away unseen.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.Crashed(_logger, e, record.Id);
            return record;
        }
        finally
        {
            _serviceDrill.TryRemove(service.Id, out _);
        }
    }

    private async Task<OperationRecord> RunAsync(OperationRecord record, Service service, CancellationToken ct)
    {
        var op = record;
        var failures = new List<string>();
        IDrillWriterSession? session = null;
        TimeSpan? rto = null;
        try
        {
            // The writer.
            await StepStartedAsync(op, SwitchoverDrillSteps.Writer, ct);
            try
            {
                using var deadline = Deadline(_options.WriterTimeout, ct);
                session = await _writer!.StartAsync(service, deadline.Token);
                await Task.Delay(_options.WarmUp, _time, ct);
                await StepEndedAsync(op, SwitchoverDrillSteps.Writer, true, "the writer writes through the service", null, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                failures.Add($"{SwitchoverDrillSteps.Writer}: {e.Message}");
                await StepEndedAsync(op, SwitchoverDrillSteps.Writer, false, $"the writer could not start: {e.Message}", null, ct);
            }

            // Over, rebuild the old primary as a standby, back, rebuild the standby: each an operation of the engine.
            if (failures.Count == 0)
            {
                (string Step, OperationKind Kind, string Target)[] phases =
                [
                    (SwitchoverDrillSteps.Switchover, OperationKind.Switchover, op.Plan.TargetSiteId),
                    (SwitchoverDrillSteps.ReprotectSource, OperationKind.Reprotect, op.Plan.SourceSiteId),
                    (SwitchoverDrillSteps.Failback, OperationKind.Failback, service.PrimarySiteId),
                    (SwitchoverDrillSteps.ReprotectTarget, OperationKind.Reprotect, op.Plan.TargetSiteId),
                ];
                foreach (var (step, kind, target) in phases)
                {
                    var phase = await PhaseAsync(op, step, kind, target, ct);
                    rto = kind == OperationKind.Switchover ? phase.Rto : rto;
                    if (phase.Failure is { } failure)
                    {
                        failures.Add(step == SwitchoverDrillSteps.Switchover ? failure : $"{failure}; check `failover status`: {service.Id} may need a reprotect or a failback");
                        break;
                    }
                }
            }

            // Every acknowledged write on the final primary.
            if (session is not null)
            {
                await StepStartedAsync(op, SwitchoverDrillSteps.Verify, ct);
                using var deadline = Deadline(_options.WriterTimeout, ct);
                try
                {
                    var writes = await session.StopAsync(deadline.Token);
                    var primary = (await _journal.ListServiceStatesAsync(deadline.Token)).FirstOrDefault(s => s.ServiceId == service.Id)?.PrimarySiteId ?? service.PrimarySiteId;
                    var present = await session.CountPresentAsync(primary, writes.AcknowledgedIds, deadline.Token);
                    var lost = Math.Max(0, writes.AcknowledgedIds.Count - present);
                    var facts = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        [DrillFacts.CommitsAcknowledged] = DrillFacts.Of(writes.AcknowledgedIds.Count),
                        [DrillFacts.CommitsLost] = DrillFacts.Of(lost),
                    };
                    var detail = $"{writes.AcknowledgedIds.Count} writes acknowledged ({writes.FailedAttempts} attempts failed while the service moved), {present} on the primary {primary}";
                    if (lost > 0)
                    {
                        failures.Add($"{lost} acknowledged commits lost");
                    }

                    await StepEndedAsync(op, SwitchoverDrillSteps.Verify, lost == 0, detail, facts, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    failures.Add($"{SwitchoverDrillSteps.Verify}: {e.Message}");
                    await StepEndedAsync(op, SwitchoverDrillSteps.Verify, false, $"the acknowledged writes could not be counted: {e.Message}", null, ct);
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }

        var now = _time.GetUtcNow();
        var passed = failures.Count == 0;
        var outcome = passed ? "succeeded: switched over and back (both sites rebuilt as standbys in turn), no acknowledged commit lost" : string.Join("; ", failures);
        var done = op.Ended(passed ? OperationStatus.Succeeded : OperationStatus.Failed, now, outcome, rto) with
        {
            Progress = op.Progress with { NextStep = SwitchoverDrillSteps.All.Count, AnyStepActed = true },
        };
        Trail(done.Id, Entry(done, passed ? JournalEntryKind.Succeeded : JournalEntryKind.Failed, null, OperationRequest.EngineActor, outcome));
        _trails.TryRemove(done.Id, out var trail);
        await _journal.WriteAsync(new JournalWrite(done, trail ?? [], null), ct);
        Log.Ended(_logger, done.Id, done.Status.ToString(), outcome);
        return done;
    }

    /// <summary>Asks the acting engine for the operation and waits for its end; returns its RTO, or why it failed.</summary>
    private async Task<(TimeSpan? Rto, string? Failure)> PhaseAsync(OperationRecord drill, string step, OperationKind kind, string target, CancellationToken ct)
    {
        await StepStartedAsync(drill, step, ct);
        string? failure;
        OperationRecord? op = null;
        if (_engine() is not { } engine)
        {
            failure = $"{step}: this instance no longer acts (leadership lost)";
        }
        else
        {
            // A site rebuilt by the previous phase restarts and is seen Healthy again a few probes later: wait for the
            // control loop to see the service's sites healthy (bounded), and ask again while the engine finds no eligible target.
            var deadline = _time.GetUtcNow() + _options.PhaseTimeout;
            while (_hold.Check(drill.ServiceId).Held && _time.GetUtcNow() < deadline)
            {
                await Task.Delay(_options.PollInterval, _time, ct);
            }

            var result = await engine.RequestAsync(new OperationRequest(drill.ServiceId, kind, target, drill.Request.RequestedBy, $"switchover drill {drill.Id}"), ct);
            for (var attempt = 1; !result.Accepted && attempt < _options.RefusedRetries && result.Message.Contains("no eligible", StringComparison.Ordinal)
                 && _time.GetUtcNow() < deadline; attempt++)
            {
                await Task.Delay(_options.RefusedRetryDelay, _time, ct);
                result = await engine.RequestAsync(new OperationRequest(drill.ServiceId, kind, target, drill.Request.RequestedBy, $"switchover drill {drill.Id}"), ct);
            }

            if (!result.Accepted && kind == OperationKind.Reprotect && await ActiveReprotectAsync(drill.ServiceId, target, ct) is { } automatic)
            {
                // The engine reprotects a rebuilt-needing member on its own after a switchover; the drill follows that one.
                (op, failure) = await WaitAsync(automatic.Id, step, ct);
            }
            else if (!result.Accepted)
            {
                failure = $"{step}: the engine refused the {kind.ToString().ToLowerInvariant()}: {result.Message}";
            }
            else if (result.Status == OperationStatus.AwaitingApproval)
            {
                await engine.CancelAsync(result.OperationId!, drill.Request.RequestedBy, "a drill does not wait for approval", ct);
                failure = $"{step}: the {kind.ToString().ToLowerInvariant()} needs approval ({result.Message}); the drill cancelled it";
            }
            else
            {
                (op, failure) = await WaitAsync(result.OperationId!, step, ct);
            }
        }

        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (op is not null)
        {
            facts[SwitchoverDrillSteps.OperationId] = op.Id;
            if (kind == OperationKind.Switchover && op.Outcome.MeasuredRto is { } measured)
            {
                facts[SwitchoverDrillSteps.RtoMilliseconds] = DrillFacts.Of((long)measured.TotalMilliseconds);
            }

            if (kind == OperationKind.Switchover && op.Plan.Quote.LagBytes is { } lag)
            {
                facts[DrillFacts.LagBytes] = DrillFacts.Of(lag);
                if (op.Plan.Quote.LagTime is { } lagTime)
                {
                    facts[DrillFacts.LagMilliseconds] = DrillFacts.Of((long)lagTime.TotalMilliseconds);
                }
            }
        }

        var detail = failure ?? (kind == OperationKind.Reprotect
            ? $"{op!.Id}: {op.Plan.TargetSiteId} rebuilt as a standby of the primary"
            : string.Create(CultureInfo.InvariantCulture, $"{op!.Id}: {op.Plan.SourceSiteId} -> {op.Plan.TargetSiteId}, RTO {op.Outcome.MeasuredRto?.TotalSeconds ?? 0:0.###} s, epoch {op.Plan.NewEpoch}"));
        await StepEndedAsync(drill, step, failure is null, detail, facts, ct);
        return (op?.Outcome.MeasuredRto, failure);
    }

    private async Task<OperationRecord?> ActiveReprotectAsync(string serviceId, string site, CancellationToken ct) =>
        (await _journal.ListOperationsAsync(activeOnly: true, ct))
            .FirstOrDefault(o => o.ServiceId == serviceId && o.Kind == OperationKind.Reprotect && o.Plan.TargetSiteId == site);

    private async Task<(OperationRecord? Op, string? Failure)> WaitAsync(string operationId, string step, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + _options.PhaseTimeout;
        while (true)
        {
            var op = await _journal.GetOperationAsync(operationId, ct);
            if (op is not null && op.Status.IsTerminal())
            {
                return op.Status == OperationStatus.Succeeded ? (op, null) : (op, $"{step}: {op.Id} {op.Status.ToString().ToLowerInvariant()}: {op.Outcome.Summary}");
            }

            if (_time.GetUtcNow() > deadline)
            {
                return (op, $"{step}: {operationId} did not end within {_options.PhaseTimeout.TotalSeconds:0} s (it is {op?.Status.ToString().ToLowerInvariant()}; the engine keeps running it)");
            }

            await Task.Delay(_options.PollInterval, _time, ct);
        }
    }

    private Task StepStartedAsync(OperationRecord op, string step, CancellationToken ct)
    {
        Trail(op.Id, Entry(op, JournalEntryKind.StepStarted, step, OperationRequest.EngineActor, "started"));
        return Task.CompletedTask;
    }

    private Task StepEndedAsync(OperationRecord op, string step, bool succeeded, string detail, IReadOnlyDictionary<string, string>? facts, CancellationToken ct)
    {
        Trail(op.Id, Entry(op, succeeded ? JournalEntryKind.StepSucceeded : JournalEntryKind.StepFailed, step, OperationRequest.EngineActor, DrillFacts.Append(detail, facts)));
        return Task.CompletedTask;
    }

    private void Trail(string drillId, JournalEntry entry)
    {
        var trail = _trails.GetOrAdd(drillId, _ => []);
        lock (trail)
        {
            trail.Add(entry);
        }
    }

    private JournalEntry Entry(OperationRecord op, JournalEntryKind kind, string? step, string actor, string detail) => new(op.Id, _time.GetUtcNow(), kind, step, actor, detail);

    private static CancellationTokenSource Deadline(TimeSpan timeout, CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        return cts;
    }
}
