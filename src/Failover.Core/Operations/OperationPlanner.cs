using Failover.Core.Decisions;
using Failover.Core.Health;
using Failover.Core.Replication;

namespace Failover.Core.Operations;

/// <summary>Turns a request into a plan (or a refusal) without acting: this is also the dry-run preview.</summary>
public sealed class OperationPlanner
{
    private readonly StepCatalog _catalog;

    public OperationPlanner(StepCatalog catalog) => _catalog = catalog;

    public PlanResult Plan(OperationRequest request, PlanningInput input)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(input);
        var service = input.Estate.Service(request.ServiceId);
        var policy = input.Estate.PolicyOf(service);
        var state = input.State;
        if (request.Force && request.Kind != OperationKind.Failover)
        {
            return PlanResult.Refused("force: only a failover can be forced past the RPO budget");
        }

        if (request.TargetSiteId is { } t && !service.SiteIds.Contains(t))
        {
            return PlanResult.Refused($"target: {t} is not a site of service {service.Id} ({string.Join(", ", service.SiteIds)})");
        }

        var warnings = new List<string>();
        string? unfencedRisk = null;
        string target;
        string why;
        DataLossQuote quote;
        switch (request.Kind)
        {
            case OperationKind.Failover:
                {
                    // A forced failover to a named site may take a member that followed an older primary (double failure).
                    var choice = CandidateSelector.Choose(service, policy, state, input.Verdicts, input.Observations, request.TargetSiteId,
                        allowDiverged: request.Force && request.TargetSiteId is not null && !request.IsAutomatic);
                    if (choice.SiteId is null)
                    {
                        return PlanResult.Refused($"target: {choice.Why}");
                    }

                    (target, why, quote) = (choice.SiteId, choice.Why, choice.Quote!);
                    var old = Members.Of(input.Estate, service, state.PrimarySiteId);
                    var covered = input.Agents.Covers(old);
                    if (input.Verdicts.GetValueOrDefault(state.PrimarySiteId) is not { IsLost: true })
                    {
                        warnings.Add(covered
                            ? $"primary {state.PrimarySiteId} is not quorum-Lost: the failover proceeds once it is fenced, or its lease has run out (last grant + TTL + margin)"
                            : $"primary {state.PrimarySiteId} is not quorum-Lost: the failover proceeds only once it is fenced");
                    }

                    if (!covered && input.Observations.Latest(service.Id, state.PrimarySiteId) is not { Reachable: true }
                        && !Steps.UnreachableFence.ClearedBySyncStandby(service, input.Observations.LastReachable(service.Id, state.PrimarySiteId), target))
                    {
                        unfencedRisk = Steps.UnreachableFence.Risk(state.PrimarySiteId);
                        warnings.Add(unfencedRisk);
                    }

                    if (!quote.WithinBudget && request.Force)
                    {
                        warnings.Add($"FORCED past the RPO budget: {quote}");
                    }

                    break;
                }

            case OperationKind.Switchover or OperationKind.Failback:
                {
                    var requested = request.Kind == OperationKind.Failback ? request.TargetSiteId ?? service.PrimarySiteId : request.TargetSiteId;
                    if (requested == state.PrimarySiteId)
                    {
                        return PlanResult.Refused($"target: {requested} is already the primary");
                    }

                    var primary = input.Observations.Latest(service.Id, state.PrimarySiteId);
                    if (primary is not { Reachable: true, Role: DatabaseRole.Primary })
                    {
                        return PlanResult.Refused($"primary {state.PrimarySiteId} is not a reachable primary ({primary?.Failure.ToString() ?? "never observed"}); a planned switchover needs it: use a failover");
                    }

                    var choice = CandidateSelector.Choose(service, policy, state, input.Verdicts, input.Observations, requested);
                    if (choice.SiteId is null)
                    {
                        return PlanResult.Refused($"target: {choice.Why}");
                    }

                    var lag = choice.Quote?.LagBytes;
                    if (lag is null || lag > input.Options.SwitchoverMaxLagBytes)
                    {
                        return PlanResult.Refused($"target: {choice.SiteId} lags {lag?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown amount"} bytes, more than the {input.Options.SwitchoverMaxLagBytes} a switchover catches up");
                    }

                    (target, why) = (choice.SiteId, choice.Why);
                    quote = DataLossQuote.None($"planned: the primary is fenced and {choice.SiteId} replays everything before promotion ({lag} bytes behind now)");
                    break;
                }

            case OperationKind.Reconcile when request.TargetSiteId is { } adopt && adopt != state.PrimarySiteId:
                if (!state.MaybeWritableSites.Contains(adopt)
                    || input.Observations.Latest(service.Id, adopt) is not { Reachable: true, Role: DatabaseRole.Primary } seen || seen.Epoch != state.Epoch)
                {
                    return PlanResult.Refused($"target: {adopt} is not a primary of epoch {state.Epoch} awaiting adoption");
                }

                (target, why, quote) = (adopt, $"promoted at epoch {state.Epoch} by an interrupted operation: adopt it", DataLossQuote.None("already promoted"));
                break;
            case OperationKind.Unfence or OperationKind.Reconcile:
                if ((request.TargetSiteId ?? state.PrimarySiteId) != state.PrimarySiteId)
                {
                    return PlanResult.Refused($"target: only the committed primary ({state.PrimarySiteId}) can be unfenced; {request.TargetSiteId} would be a second writer");
                }

                (target, why, quote) = (state.PrimarySiteId, "the committed primary", DataLossQuote.None("no promotion"));
                break;
            case OperationKind.Reprotect:
                if (request.TargetSiteId is null || request.TargetSiteId == state.PrimarySiteId)
                {
                    return PlanResult.Refused("target: name a non-primary site to rebuild as a standby");
                }

                if (input.Observations.Latest(service.Id, state.PrimarySiteId) is not { Reachable: true, Role: DatabaseRole.Primary })
                {
                    return PlanResult.Refused($"primary {state.PrimarySiteId} is not a reachable primary: there is nothing to rebuild {request.TargetSiteId} from");
                }

                (target, why, quote) = (request.TargetSiteId, "named by the request", DataLossQuote.None("the member's divergent writes, if any, are discarded by the rebuild"));
                break;
            case OperationKind.Fence:
                if (request.TargetSiteId is null)
                {
                    return PlanResult.Refused("target: name the site to fence");
                }

                if (request.TargetSiteId == state.PrimarySiteId)
                {
                    warnings.Add("fencing the primary: the service stops accepting writes until an unfence or a failover");
                }

                (target, why, quote) = (request.TargetSiteId, "named by the request", DataLossQuote.None("no promotion"));
                break;
            case OperationKind.Drill:
                {
                    if (service.SiteIds.Select(s => input.Verdicts.GetValueOrDefault(s)).FirstOrDefault(v => v is { State: not (HealthState.Healthy or HealthState.Unknown) }) is { } incident)
                    {
                        return PlanResult.Refused($"no drill during an incident: site {incident.SiteId} is {incident.State}");
                    }

                    var drillTarget = request.TargetSiteId ?? (service.StandbySiteIds.Count > 0 ? service.StandbySiteIds[0] : null);
                    if (drillTarget is null || drillTarget == state.PrimarySiteId)
                    {
                        return PlanResult.Refused($"target: a drill rehearses at a standby site; {drillTarget ?? "none"} is {(drillTarget is null ? "configured" : "the primary")}");
                    }

                    (target, why, quote) = (drillTarget, request.TargetSiteId is null ? "the first standby" : "named by the request",
                        DataLossQuote.None("a drill promotes nothing of production"));
                    break;
                }

            default:
                (target, why, quote) = (request.TargetSiteId ?? state.PrimarySiteId, request.TargetSiteId is null ? "the primary" : "named by the request", DataLossQuote.None("no promotion"));
                break;
        }

        var steps = _catalog.StepsFor(request);
        if (steps is null || steps.Count == 0)
        {
            return PlanResult.Refused($"kind: no plan extension provides the steps of a {request.Kind.ToString().ToLowerInvariant()}{(request.Variant is { } v ? $" ({v})" : "")}");
        }

        var approval = ApprovalRules.Required(request, policy, quote);
        if (request.ApprovalAsked is { } asked && approval?.Contains(asked, StringComparison.Ordinal) != true)
        {
            approval = approval is null ? asked : $"{asked}; {approval}";
        }

        if (unfencedRisk is not null && !request.Force)
        {
            var human = $"old primary {state.PrimarySiteId} has no site agent and cannot be fenced now: a human decides";
            approval = approval is null ? human : $"{approval}; {human}";
        }

        var newEpoch = request.Kind.Promotes() ? state.Epoch.Next() : state.Epoch;
        var source = request.Kind is OperationKind.Failover or OperationKind.Switchover or OperationKind.Failback or OperationKind.Drill ? state.PrimarySiteId : target;
        return new PlanResult(
            new OperationPlan(
                service.Id, request.Kind, source, target, why, state.Epoch, newEpoch, quote,
                steps.Select(s => new PlanStep(s.Name, s.Description, s.ExpectedDuration, s.IsPointOfNoReturn)).ToList(),
                approval is not null, approval, warnings),
            null);
    }
}
