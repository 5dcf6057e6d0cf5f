using Failover.Core.Journal;
using Failover.Core.Operations;

namespace Failover.Core.Engine;

public sealed partial class FailoverEngine
{
    private async Task StartQueuedAsync(CancellationToken cancellationToken)
    {
        var running = _active.Values.Count(o => o.Status == OperationStatus.Running);
        foreach (var op in Ordered(_active.Values.Where(o => o.Status == OperationStatus.Queued)).ToList())
        {
            if (running >= _options.MaxConcurrentOperations)
            {
                break;
            }

            var started = op.Started(Now);
            await WriteAsync(started, [Entry(started, JournalEntryKind.Started, null, OperationRequest.EngineActor, $"epoch {op.Plan.ExpectedEpoch} -> {op.Plan.NewEpoch}")], null, cancellationToken);
            running++;
        }
    }

    private async Task AdvanceAsync(string operationId, CancellationToken cancellationToken)
    {
        // After a failure the loop continues: the operation has ended (and the next turn returns), or it runs its
        // steps that always run (cleanup) right away.
        for (var n = 0; n < _options.MaxStepsPerTick; n++)
        {
            if (!_active.TryGetValue(operationId, out var op) || op.Status != OperationStatus.Running)
            {
                return;
            }

            // A drill advances one step per turn, so a turn's decisions (a primary Lost aborts the drill) come between
            // its steps; its cleanup, once scheduled, runs at once.
            if (n > 0 && op.Kind == OperationKind.Drill && op.Progress.PendingEnd is null)
            {
                return;
            }

            if (_catalog.Resolve(op) is not { } steps)
            {
                await FinishAsync(op, OperationStatus.Failed, $"steps [{string.Join(", ", op.Plan.Steps)}] cannot be resolved (drill extension missing?)", OperationRequest.EngineActor, cancellationToken);
                return;
            }

            if (op.Progress.PendingEnd is { } pending && NextAlwaysRuns(steps, op.Progress.NextStep) is null)
            {
                await FinishAsync(op, pending.Status, pending.Reason, OperationRequest.EngineActor, cancellationToken);
                return;
            }

            if (op.Progress.PendingEnd is not null && NextAlwaysRuns(steps, op.Progress.NextStep) is { } next && next != op.Progress.NextStep)
            {
                op = op.AtStep(next);
            }

            if (op.Progress.NextStep >= steps.Count)
            {
                await CompleteAsync(op, cancellationToken);
                return;
            }

            var step = steps[op.Progress.NextStep];
            var timeoutFrom = op.Progress.PendingEnd is { } end ? end.CleanupStartedAt : op.Progress.StartedAt;
            if (Now - timeoutFrom > _options.OperationTimeout)
            {
                await FinishAsync(op, OperationStatus.Failed, $"timed out after {_options.OperationTimeout.TotalSeconds:0} s at step {step.Name}", OperationRequest.EngineActor, cancellationToken);
                continue;
            }

            var state = _states[op.ServiceId];
            var plan = op.Plan;
            var bumped = plan.NewEpoch != plan.ExpectedEpoch && state.Epoch == plan.NewEpoch && state.EpochOwner == op.Id;
            var expected = bumped ? plan.NewEpoch : plan.ExpectedEpoch;
            if (state.Epoch != expected)
            {
                var why = $"service epoch is {state.Epoch} (owner {state.EpochOwner ?? "initial"}), step carries {expected}";
                Log.StaleEpoch(_logger, op.Id, step.Name, why);
                await FinishAsync(op, OperationStatus.Refused, $"stale epoch at {step.Name}: {why}", OperationRequest.EngineActor, cancellationToken,
                    Entry(op, JournalEntryKind.StaleEpochRefused, step.Name, OperationRequest.EngineActor, why));
                continue;
            }

            var context = new StepContext(op, _estate, state, _seams, _observations, _verdicts, _options, _time, Ledger);
            // Past the point of no return the operation only rolls forward: the step may already have acted.
            if (!op.Progress.PointOfNoReturnPassed && step.CheckPrecondition(context) is { } unmet)
            {
                await FinishAsync(op, OperationStatus.Failed, $"precondition of {step.Name}: {unmet}", OperationRequest.EngineActor, cancellationToken,
                    Entry(op, JournalEntryKind.StepFailed, step.Name, OperationRequest.EngineActor, $"precondition: {unmet}"));
                continue;
            }

            // Write-ahead: the journal knows the step may have acted before it acts.
            op = op.Acting(step.IsPointOfNoReturn, _observations.PrimaryPosition(op.ServiceId, plan.SourceSiteId)?.Lsn);
            await WriteAsync(op, [Entry(op, JournalEntryKind.StepStarted, step.Name, OperationRequest.EngineActor, step.Description)], null, cancellationToken);
            StepOutcome outcome;
            try
            {
                outcome = await step.ExecuteAsync(context, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                outcome = StepOutcome.Retry($"{ex.GetType().Name}: {ex.Message}");
            }

            Log.Step(_logger, op.Id, step.Name, outcome.Result, outcome.Detail);
            switch (outcome.Result)
            {
                case StepResult.Done or StepResult.AlreadyDone:
                    op = op.StepDone(outcome.DataLossBytes);
                    await WriteAsync(op, [Entry(op, JournalEntryKind.StepSucceeded, step.Name, OperationRequest.EngineActor, $"{outcome.Result}: {outcome.Detail}")], outcome.NewState, cancellationToken);
                    if (op.Progress.PendingEnd is { } stopped && NextAlwaysRuns(steps, op.Progress.NextStep) is null)
                    {
                        // The cleanup is done: the operation ends now with the failure that stopped it.
                        await FinishAsync(op, stopped.Status, stopped.Reason, OperationRequest.EngineActor, cancellationToken);
                        return;
                    }

                    break;
                case StepResult.Retry:
                    await WriteAsync(op, [Entry(op, JournalEntryKind.StepRetry, step.Name, OperationRequest.EngineActor, outcome.Detail)], null, cancellationToken);
                    return;
                case StepResult.StaleEpoch:
                    Log.StaleEpoch(_logger, op.Id, step.Name, outcome.Detail);
                    await FinishAsync(op, OperationStatus.Refused, $"stale epoch at {step.Name}: {outcome.Detail}", OperationRequest.EngineActor, cancellationToken,
                        Entry(op, JournalEntryKind.StaleEpochRefused, step.Name, OperationRequest.EngineActor, outcome.Detail));
                    continue;
                default:
                    await FinishAsync(op, OperationStatus.Failed, $"{step.Name}: {outcome.Detail}", OperationRequest.EngineActor, cancellationToken,
                        Entry(op, JournalEntryKind.StepFailed, step.Name, OperationRequest.EngineActor, outcome.Detail));
                    continue;
            }
        }
    }

    private async Task CompleteAsync(OperationRecord op, CancellationToken cancellationToken)
    {
        var now = Now;
        var rto = now - (op.Request.DetectedAt ?? op.Progress.StartedAt ?? now);
        var done = op.Ended(OperationStatus.Succeeded, now, "succeeded", rto);
        var state = _states[op.ServiceId];
        var newState = OperationEndRules.StateAfter(state, op, OperationStatus.Succeeded);
        var loss = op.Outcome.MeasuredDataLossBytes;
        await WriteAsync(done, [Entry(done, JournalEntryKind.Succeeded, null, OperationRequest.EngineActor,
            $"RTO {rto.TotalSeconds:0.###} s; data loss {(loss is { } b ? $"{b} bytes" : "none measured")}; epoch {op.Plan.NewEpoch}; primary {(newState ?? state).PrimarySiteId}")], newState, cancellationToken);
        Log.Succeeded(_logger, op.Id, op.Kind, op.ServiceId, rto, loss);
    }

    /// <summary>The index of the first step at or after <paramref name="from"/> that runs even after a failure, if any.</summary>
    private static int? NextAlwaysRuns(IReadOnlyList<IOperationStep> steps, int from)
    {
        for (var i = Math.Max(from, 0); i < steps.Count; i++)
        {
            if (steps[i].AlwaysRuns)
            {
                return i;
            }
        }

        return null;
    }

    private async Task FinishAsync(OperationRecord op, OperationStatus status, string reason, string actor, CancellationToken cancellationToken, JournalEntry? first = null)
    {
        var entries = new List<JournalEntry>();
        if (first is not null)
        {
            entries.Add(first);
        }

        if (op.Progress.PendingEnd is { } pending && reason != pending.Reason)
        {
            // A step that always runs (cleanup) failed after the operation had already failed: keep both reasons.
            reason = $"{pending.Reason}; then {reason}";
            status = pending.Status == OperationStatus.Cancelled ? OperationStatus.Failed : pending.Status;
        }
        else if (op.Progress.PendingEnd is null && op.Status == OperationStatus.Running && status != OperationStatus.Succeeded
            && _catalog.Resolve(op) is { } steps && NextAlwaysRuns(steps, op.Progress.NextStep) is { } cleanup)
        {
            // The operation stops here, but its steps that always run (a drill's cleanup) still run, journaled and
            // resumable like any step; it ends with this status once they are done.
            var cleaning = op.CleaningUp(cleanup, status, reason, Now);
            entries.Add(Entry(cleaning, JournalEntryKind.CleanupScheduled, steps[cleanup].Name, actor, $"{status}: {reason}; running {steps[cleanup].Name} before ending"));
            await WriteAsync(cleaning, entries, null, cancellationToken);
            Log.CleanupScheduled(_logger, op.Id, steps[cleanup].Name, status, reason);
            return;
        }

        var ended = op.Ended(status, Now, reason);

        entries.Add(Entry(ended, status switch
        {
            OperationStatus.Cancelled => JournalEntryKind.Cancelled,
            OperationStatus.Expired => JournalEntryKind.Expired,
            OperationStatus.Refused => JournalEntryKind.Refused,
            _ => JournalEntryKind.Failed,
        }, null, actor, reason));

        await WriteAsync(ended, entries, OperationEndRules.StateAfter(_states[op.ServiceId], op, status), cancellationToken);
        Log.Ended(_logger, op.Id, op.Kind, op.ServiceId, status, reason);
    }
}
