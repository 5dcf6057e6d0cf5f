using Failover.Core.Engine;
using Failover.Core.Operations;

namespace Failover.Simulation;

/// <summary>The humans: random (sometimes conflicting, sometimes rule-breaking) requests during faults; a careful on-call during healing.</summary>
internal sealed class SimOperators(SimWorld world, double intensity, Action<string> trace)
{
    private static readonly string[] People = ["alice", "bob", "carol"];

    public void Chaos(FailoverEngine engine, CancellationToken ct)
    {
        var rng = world.Rng;
        bool Chance(double p) => rng.NextDouble() < p * intensity;
        foreach (var op in engine.ActiveOperations.OrderBy(o => o.Id, StringComparer.Ordinal))
        {
            if (op.Status == OperationStatus.AwaitingApproval && Chance(0.08))
            {
                var who = People[rng.Next(People.Length)];
                var r = SeedRun.Sync(engine.ApproveAsync(op.Id, who, ct));
                trace($"HUMAN {who} approves {op.Id}: {(r.Accepted ? "accepted" : "refused: " + r.Message)}");
            }
            else if (Chance(0.01))
            {
                var who = People[rng.Next(People.Length)];
                var r = SeedRun.Sync(engine.CancelAsync(op.Id, who, "changed my mind", ct));
                trace($"HUMAN {who} cancels {op.Id} ({op.Status}): {(r.Accepted ? "cancelled" : "refused: " + r.Message)}");
            }
        }

        if (Chance(0.008))
        {
            Request(engine, RandomRequest(), ct);
        }

        if (Chance(0.003))
        {
            var first = RandomRequest();
            var second = RandomRequest() with { ServiceId = first.ServiceId, RequestedBy = People[(Array.IndexOf(People, first.RequestedBy) + 1) % People.Length] };
            Request(engine, first, ct);
            Request(engine, second, ct);
        }
    }

    private readonly Dictionary<string, int> _primaryGone = new(StringComparer.Ordinal);

    public void Heal(FailoverEngine engine, CancellationToken ct)
    {
        foreach (var op in engine.ActiveOperations.Where(o => o.Status == OperationStatus.AwaitingApproval).OrderBy(o => o.Id, StringComparer.Ordinal))
        {
            var who = op.Request.RequestedBy == "oncall" ? "oncall-2" : "oncall";
            var r = SeedRun.Sync(engine.ApproveAsync(op.Id, who, ct));
            trace($"HUMAN {who} approves {op.Id}: {(r.Accepted ? "accepted" : "refused: " + r.Message)}");
        }

        foreach (var state in engine.ServiceStates)
        {
            if (engine.ActiveOperations.Any(o => o.ServiceId == state.ServiceId))
            {
                continue;
            }

            // Runbook for a double failure: when the primary is gone and nothing happens for a while, promote the first
            // surviving site by hand, forced (the data-loss quote is unknown).
            _primaryGone[state.ServiceId] = world.Alive(state.PrimarySiteId) ? 0 : _primaryGone.GetValueOrDefault(state.ServiceId) + 1;
            if (_primaryGone[state.ServiceId] > 60)
            {
                _primaryGone[state.ServiceId] = 0;
                var survivors = world.Estate.Service(state.ServiceId).SiteIds.Where(s => s != state.PrimarySiteId && world.Alive(s)).ToList();
                var survivor = survivors.FirstOrDefault(s => world.Databases[(state.ServiceId, s)].Role == Failover.Core.Replication.DatabaseRole.Standby) ?? survivors[0];
                Request(engine, new OperationRequest(state.ServiceId, OperationKind.Failover, survivor, "oncall", "double failure runbook", Force: true), ct);
            }
            else if (state.OperatorFenced.Contains(state.PrimarySiteId) && world.Alive(state.PrimarySiteId))
            {
                Request(engine, new OperationRequest(state.ServiceId, OperationKind.Unfence, state.PrimarySiteId, "oncall", "end of incident"), ct);
            }
            else if (state.OperatorFenced.FirstOrDefault(s => world.Alive(s)) is { } fenced)
            {
                Request(engine, new OperationRequest(state.ServiceId, OperationKind.Reprotect, fenced, "oncall", "end of incident"), ct);
            }
        }
    }

    private void Request(FailoverEngine engine, OperationRequest request, CancellationToken ct)
    {
        var r = SeedRun.Sync(engine.RequestAsync(request, ct));
        trace($"HUMAN {request.RequestedBy} requests {request.Kind}{(request.Force ? " (force)" : "")} of {request.ServiceId} -> {request.TargetSiteId ?? "auto"}: {(r.Accepted ? $"{r.OperationId} {r.Status}" : "refused: " + r.Message)}");
    }

    private OperationRequest RandomRequest()
    {
        var rng = world.Rng;
        var service = world.Estate.Services[rng.Next(world.Estate.Services.Count)];
        var site = SimEstate.SiteIds[rng.Next(SimEstate.SiteIds.Length)];
        var who = People[rng.Next(People.Length)];
        var roll = rng.Next(100);
        return roll switch
        {
            < 30 => new OperationRequest(service.Id, OperationKind.Switchover, rng.NextDouble() < 0.5 ? site : null, who, "planned maintenance"),
            < 40 => new OperationRequest(service.Id, OperationKind.Failback, null, who, "back home"),
            < 60 => new OperationRequest(service.Id, OperationKind.Failover, rng.NextDouble() < 0.5 ? site : null, who, "site looks bad", Force: rng.NextDouble() < 0.5),
            < 70 => new OperationRequest(service.Id, OperationKind.Fence, site, who, "suspicious"),
            < 80 => new OperationRequest(service.Id, OperationKind.Unfence, site, who, "looks fine"),
            < 90 => new OperationRequest(service.Id, OperationKind.Reprotect, site, who, "rebuild"),
            _ => new OperationRequest(service.Id, OperationKind.Drill, null, who, "rehearsal"),
        };
    }
}
