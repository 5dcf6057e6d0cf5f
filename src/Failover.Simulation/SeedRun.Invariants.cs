using Failover.Core;
using Failover.Core.Operations;

namespace Failover.Simulation;

internal sealed partial class SeedRun
{
    /// <summary>Upper bound on any operation's life: approval expiry, waiting for a slot, running to its timeout.</summary>
    private static readonly TimeSpan OperationBound = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, Epoch> _epochs = new(StringComparer.Ordinal);
    private int _promotionsChecked;
    private int _journalWrites;
    private readonly HashSet<string> _seenOps = new(StringComparer.Ordinal);

    private void CheckInvariants()
    {
        if (_violation is not null)
        {
            return;
        }

        // 1. At most one writable primary per service (hence at most one per epoch, and at most one site taking
        //    writes with traffic).
        foreach (var service in _world.Estate.Services)
        {
            var writers = service.SiteIds.Where(s => _world.Alive(s) && _world.Databases[(service.Id, s)].Writable).ToList();
            if (writers.Count > 1)
            {
                Violate($"{service.Id} has {writers.Count} writable primaries: {string.Join(", ", writers)}");
                return;
            }
        }

        if (_journal.Writes != _journalWrites)
        {
            _journalWrites = _journal.Writes;
            CheckJournal();
        }

        // 2. No promotion beyond the RPO budget (as the engine could know it) without an approval or force on record.
        while (_violation is null && _promotionsChecked < _world.Promotions.Count)
        {
            var p = _world.Promotions[_promotionsChecked++];
            var ops = Sync(_journal.ListOperationsAsync(activeOnly: false, CancellationToken.None));
            var op = ops.LastOrDefault(o => o.ServiceId == p.ServiceId && o.Plan.NewEpoch == p.Epoch && o.Kind.Promotes() && o.Progress.StartedAt is not null);
            if (op is null)
            {
                Violate($"promotion of {p.ServiceId}@{p.SiteId} at epoch {p.Epoch} has no operation on record");
                return;
            }

            var budget = _world.Estate.Service(p.ServiceId).Database.Budget;
            // What the control plane knew of the old primary: what this incarnation saw, and what the operation journaled.
            ulong? knownLsn = (p.EngineSeenLsn, op.Progress.PrimaryLsnSeen?.Value) switch
            {
                (null, null) => null,
                ({ } a, null) => a,
                (null, { } b) => b,
                ({ } a, { } b) => Math.Max(a, b),
            };
            long? known = knownLsn is { } k ? (long)(k > p.TargetReplayLsn ? k - p.TargetReplayLsn : 0) : null;
            var within = known is { } loss && budget.Allows(loss, TimeSpan.Zero);
            Trace($"PROMOTION {p.ServiceId}@{p.SiteId} epoch {p.Epoch} by {op.Id}: true loss {p.TrueLossBytes} B, known loss {known?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} B, approved by {op.Progress.ApprovedBy ?? "-"}, force {op.Request.Force}");
            if (!within && op.Progress.ApprovedBy is null && !op.Request.Force)
            {
                Violate($"promotion of {p.ServiceId}@{p.SiteId} by {op.Id} lost {known?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown amount of"} bytes (budget {budget.MaxLagBytes}) without approval or force");
                return;
            }
        }

        if (_engine is { } engine)
        {
            foreach (var state in engine.ServiceStates)
            {
                if (_epochs.TryGetValue(state.ServiceId, out var before) && state.Epoch < before)
                {
                    Violate($"{state.ServiceId} epoch went back from {before} to {state.Epoch}");
                    return;
                }

                _epochs[state.ServiceId] = state.Epoch;
            }
        }
    }

    private void CheckJournal()
    {
        var now = _world.Now;
        var ops = Sync(_journal.ListOperationsAsync(activeOnly: false, CancellationToken.None));
        foreach (var op in ops)
        {
            if (_seenOps.Add(op.Id))
            {
                Trace($"OP {op.Id} {op.Status} {op.Plan.SourceSiteId} -> {op.Plan.TargetSiteId} by {op.Request.RequestedBy}: {op.Outcome.Summary ?? op.Plan.ApprovalWhy ?? op.Plan.TargetWhy}");

                // 3. No automatic failover without a quorum-confirmed Lost verdict held for the grace period.
                if (op.Request.IsAutomatic && op.Kind == OperationKind.Failover)
                {
                    var v = _health.Current.FirstOrDefault(x => x.SiteId == op.Plan.SourceSiteId);
                    if (v is null || !v.IsLost || v.AutomaticActionBlocked is not null || now - v.Since < SimEstate.Grace)
                    {
                        Violate($"automatic failover {op.Id} of {op.Plan.SourceSiteId} without a quorum-Lost verdict past grace ({v?.State}, quorum {v?.QuorumConfirmed}, brake {v?.AutomaticActionBlocked})");
                        return;
                    }
                }
            }

            // 4. Every operation terminates within a bound.
            if (op.Status.IsActive() && now - op.Request.CreatedAt > OperationBound)
            {
                Violate($"operation {op.Id} still {op.Status} {(now - op.Request.CreatedAt).TotalSeconds:0} s after creation (step {op.Progress.NextStep})");
                return;
            }
        }

        if (_options.Trace)
        {
            foreach (var op in ops.Where(o => o.Status.IsTerminal() && _seenOps.Add(o.Id + "#end")))
            {
                Trace($"END {op.Id} {op.Status}: {op.Outcome.Summary} (RTO {op.Outcome.MeasuredRto?.TotalSeconds:0} s, loss {op.Outcome.MeasuredDataLossBytes} B)");
            }
        }
    }
}
