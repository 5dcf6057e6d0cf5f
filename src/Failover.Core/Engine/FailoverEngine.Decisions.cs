using Failover.Core.Decisions;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Core.Engine;

public sealed partial class FailoverEngine
{
    private readonly Dictionary<string, string> _lastHeld = new(StringComparer.Ordinal);

    private async Task ExpireAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        foreach (var op in _active.Values.ToList())
        {
            if (op.Status == OperationStatus.AwaitingApproval && op.Request.ExpiresAt is { } expiry && now >= expiry)
            {
                await FinishAsync(op, OperationStatus.Expired, $"no approval before {expiry:O}", OperationRequest.EngineActor, cancellationToken);
            }
            else if (op.Request.IsAutomatic && op.Kind == OperationKind.Failover && op.Status != OperationStatus.Running
                && _verdicts.GetValueOrDefault(op.Plan.SourceSiteId) is not { IsLost: true })
            {
                await FinishAsync(op, OperationStatus.Cancelled, $"{op.Plan.SourceSiteId} is no longer quorum-Lost; automatic failover withdrawn", OperationRequest.EngineActor, cancellationToken);
            }
        }
    }

    private async Task<List<ServiceDecision>> DecideAsync(CancellationToken cancellationToken)
    {
        var decisions = new List<ServiceDecision>();
        var lost = _verdicts.Values.Count(v => v.IsLost);
        foreach (var service in _estate.Services.OrderBy(s => s.Priority).ThenBy(s => s.Id, StringComparer.Ordinal))
        {
            var state = _states[service.Id];
            var policy = _estate.PolicyOf(service);
            var primaryVerdict = _verdicts.GetValueOrDefault(state.PrimarySiteId);
            if (primaryVerdict is { IsLost: true }
                && _active.Values.FirstOrDefault(o => o.ServiceId == service.Id && o.Kind == OperationKind.Reprotect && !o.Progress.PointOfNoReturnPassed) is { } blocking)
            {
                // A rebuild needs the primary: it must not hold the service's slot while the primary is lost.
                await FinishAsync(blocking, OperationStatus.Cancelled, $"pre-empted: primary {state.PrimarySiteId} is quorum-Lost", OperationRequest.EngineActor, cancellationToken);
            }

            if (primaryVerdict is { IsLost: true } && _active.Values.FirstOrDefault(o => o.ServiceId == service.Id && o.Kind == OperationKind.Drill) is { } drill)
            {
                // A real incident beats a rehearsal: the drill gets one go at its cleanup (this tick), then gives the
                // service's slot to the failover even if its cleanup has not finished (the journal says so).
                await FinishAsync(drill, drill.Progress.PendingEnd is null ? OperationStatus.Cancelled : OperationStatus.Failed, drill.Progress.PendingEnd is null
                    ? $"pre-empted: primary {state.PrimarySiteId} is quorum-Lost; the drill is aborted so the failover can proceed"
                    : $"cleanup abandoned: primary {state.PrimarySiteId} is quorum-Lost and the failover takes the service's slot; remove the drill's copy by hand", OperationRequest.EngineActor, cancellationToken);
            }

            var active = _active.Values.Any(o => o.ServiceId == service.Id);
            var candidate = primaryVerdict is { IsLost: true } && !active ? CandidateSelector.Choose(service, policy, state, _verdicts, _observations) : null;
            var decision = AutomaticDecider.DecideFailover(new FailoverSituation(
                service, policy, state, primaryVerdict, lost, _estate.Sites.Count, active, _freezes, Now, candidate));
            if (decision.Outcome == DecisionOutcome.NoAction && !active)
            {
                if (await RepairAsync(service, state, cancellationToken) is { } repair)
                {
                    decisions.Add(repair);
                }

                continue;
            }

            string? opId = null;
            switch (decision.Outcome)
            {
                case DecisionOutcome.Hold when !active:
                    if (_lastHeld.GetValueOrDefault(service.Id) != decision.Reason)
                    {
                        Log.Held(_logger, OperationKind.Failover, service.Id, decision.Reason);
                    }

                    _lastHeld[service.Id] = decision.Reason;
                    break;
                case DecisionOutcome.Start or DecisionOutcome.RequestApproval:
                    var request = new OperationRequest(service.Id, OperationKind.Failover, candidate!.SiteId, OperationRequest.EngineActor, decision.Reason)
                    {
                        ApprovalAsked = decision.Outcome == DecisionOutcome.RequestApproval ? decision.Reason : null,
                    };
                    var created = await CreateAsync(request, Evidence(primaryVerdict!), primaryVerdict!.Since, cancellationToken);
                    opId = created.OperationId;
                    break;
                default:
                    break;
            }

            decisions.Add(new ServiceDecision(service.Id, OperationKind.Failover, decision, opId));
        }

        return decisions;
    }

    /// <summary>Safe automatic repairs: make the committed primary serve again; rebuild diverged members as standbys.</summary>
    private async Task<ServiceDecision?> RepairAsync(Service service, ServiceState state, CancellationToken cancellationToken)
    {
        foreach (var site in state.MaybeWritableSites)
        {
            if (_observations.Latest(service.Id, site) is { Reachable: true, Role: DatabaseRole.Primary } seen && seen.Epoch == state.Epoch)
            {
                var adopt = $"{site} was promoted at epoch {state.Epoch} by an interrupted operation";
                var made = await CreateAsync(new OperationRequest(service.Id, OperationKind.Reconcile, site, OperationRequest.EngineActor, adopt), [], null, cancellationToken);
                return new ServiceDecision(service.Id, OperationKind.Reconcile, new Decision(DecisionOutcome.Start, adopt), made.OperationId);
            }
        }

        if (_verdicts.GetValueOrDefault(state.PrimarySiteId) is not { State: HealthState.Healthy })
        {
            return null;
        }

        var primary = _observations.Latest(service.Id, state.PrimarySiteId);
        if (primary is not { Reachable: true })
        {
            return null;
        }

        if (!state.OperatorFenced.Contains(state.PrimarySiteId)
            && (state.NeedsReconcile || (primary.Role == DatabaseRole.Primary && primary.Fenced)))
        {
            var why = state.NeedsReconcile ? "an operation stopped half-way" : "the committed primary is fenced (lease self-fence)";
            var created = await CreateAsync(new OperationRequest(service.Id, OperationKind.Reconcile, state.PrimarySiteId, OperationRequest.EngineActor, why), [], null, cancellationToken);
            return new ServiceDecision(service.Id, OperationKind.Reconcile, new Decision(DecisionOutcome.Start, why), created.OperationId);
        }

        if (!_options.AutomaticReprotect || primary.Role != DatabaseRole.Primary || primary.Fenced)
        {
            return null;
        }

        foreach (var site in state.NeedsReprotect)
        {
            if (state.OperatorFenced.Contains(site) || _verdicts.GetValueOrDefault(site) is not { State: HealthState.Healthy }
                || _observations.Latest(service.Id, site) is not { Reachable: true })
            {
                continue;
            }

            var why = $"{site} must follow the primary {state.PrimarySiteId}";
            var created = await CreateAsync(new OperationRequest(service.Id, OperationKind.Reprotect, site, OperationRequest.EngineActor, why), [], null, cancellationToken);
            return new ServiceDecision(service.Id, OperationKind.Reprotect, new Decision(DecisionOutcome.Start, why), created.OperationId);
        }

        return null;
    }

    private static List<string> Evidence(SiteVerdict v) =>
    [
        $"site {v.SiteId} {v.State} (quorum confirmed: {v.QuorumConfirmed}) since {v.Since:O}, unhealthy for {v.UnhealthyFor.TotalSeconds:0.#} s",
        $"observers down: {string.Join(", ", v.Evidence.ObserversDown)}; voting: {string.Join(", ", v.Evidence.ObserversVoting)}",
        .. v.Evidence.ObserversAbstaining.Select(a => $"abstaining {a.Key}: {a.Value}"),
        .. v.Evidence.FailingProbes.Select(p => $"failing {p.Key}: {p.Value}"),
    ];
}
