using System.Globalization;
using Failover.Core.Agents;
using Failover.Core.Decisions;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Failover.Core.Engine;

/// <summary>
/// The brain: turns verdicts and replication state into operations, runs them step by step with a write-ahead
/// journal, and resumes them after its own crash. Every public call is serialized; time comes from
/// <see cref="TimeProvider"/>; the world is reached only through <see cref="EngineSeams"/>.
/// </summary>
public sealed partial class FailoverEngine : IDisposable
{
    private readonly Estate _estate;
    private readonly EngineSeams _seams;
    private readonly IJournalStore _journal;
    private readonly TimeProvider _time;
    private readonly EngineOptions _options;
    private readonly ILogger _logger;
    private readonly StepCatalog _catalog;
    private readonly OperationPlanner _planner;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ServiceState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OperationRecord> _active = new(StringComparer.Ordinal);
    private readonly ObservationCache _observations = new();
    private IReadOnlyDictionary<string, SiteVerdict> _verdicts = new Dictionary<string, SiteVerdict>();
    private IReadOnlyList<FreezeWindow> _freezes = [];
    private EngineSnapshot _snapshot = EngineSnapshot.Empty;
    private long _sequence;
    private bool _initialized;

    public FailoverEngine(Estate estate, EngineSeams seams, IJournalStore journal, TimeProvider time, EngineOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(seams);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(time);
        _estate = estate;
        _seams = seams;
        _journal = journal;
        _time = time;
        _options = options ?? new EngineOptions();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        _catalog = new StepCatalog(seams.Extensions);
        _planner = new OperationPlanner(_catalog);
        Ledger = new LeaseLedger(estate, time);
    }

    /// <summary>
    /// This engine's lease grants. An engine lives one leadership term (or one process), so the ledger's floor is the
    /// start of the term: what an earlier leader granted is unknown.
    /// </summary>
    public LeaseLedger Ledger { get; }

    /// <summary>The services' committed state (epoch, primary…), as journaled.</summary>
    public IReadOnlyList<ServiceState> ServiceStates => _states.Values.ToList();

    public IReadOnlyList<OperationRecord> ActiveOperations => _active.Values.ToList();

    public ObservationCache Observations => _observations;

    /// <summary>The states and active operations as of the last journal write; read by the lease renewer's own timer.</summary>
    public EngineSnapshot Snapshot => Volatile.Read(ref _snapshot);

    public void Dispose() => _gate.Dispose();

    /// <summary>Loads the journal: service states and in-flight operations, which then resume (roll forward) on the next tick.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var s in await _journal.ListServiceStatesAsync(cancellationToken))
            {
                _states[s.ServiceId] = s;
            }

            foreach (var service in _estate.Services.Where(s => !_states.ContainsKey(s.Id)))
            {
                var initial = ServiceState.Initial(service);
                await _journal.WriteAsync(new JournalWrite(null, [], initial), cancellationToken);
                _states[service.Id] = initial;
            }

            var all = await _journal.ListOperationsAsync(activeOnly: false, cancellationToken);
            _sequence = all.Count;
            foreach (var op in all.Where(o => o.Status.IsActive()))
            {
                _active[op.Id] = op;
                if (op.Progress.PrimaryLsnSeen is { } lsn && _states[op.ServiceId].PrimarySiteId == op.Plan.SourceSiteId)
                {
                    _observations.Seed(op.ServiceId, op.Plan.SourceSiteId, lsn, op.Request.CreatedAt);
                }

                if (op.Status == OperationStatus.Running)
                {
                    var next = op.Progress.NextStep;
                    Log.Resumed(_logger, op.Id, op.Kind, op.ServiceId, next);
                    await _journal.WriteAsync(JournalWrite.Of(op, Entry(op, JournalEntryKind.Resumed, next < op.Plan.Steps.Count ? op.Plan.Steps[next] : null, OperationRequest.EngineActor,
                        $"control plane restarted; rolling forward from step {next}")), cancellationToken);
                }
            }

            _initialized = true;
            Publish();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One control-loop turn: observe, expire, decide, start queued operations, advance running ones.</summary>
    public async Task<TickReport> TickAsync(EngineTick tick, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tick);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            EnsureInitialized();
            _verdicts = tick.Verdicts.ToDictionary(v => v.SiteId, StringComparer.Ordinal);
            _freezes = tick.Freezes;
            foreach (var service in _estate.Services)
            {
                await ObserveAsync(service, cancellationToken);
            }

            await ExpireAsync(cancellationToken);
            var decisions = await DecideAsync(cancellationToken);
            await StartQueuedAsync(cancellationToken);
            foreach (var op in Ordered(_active.Values.Where(o => o.Status == OperationStatus.Running)).ToList())
            {
                await AdvanceAsync(op.Id, cancellationToken);
            }

            return new TickReport(
                decisions,
                _active.Values.Count(o => o.Status == OperationStatus.Running),
                _active.Values.Count(o => o.Status == OperationStatus.Queued),
                _active.Values.Count(o => o.Status == OperationStatus.AwaitingApproval));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Dry-run: the plan a request would run (steps, target and why, data-loss quote, duration), without acting.</summary>
    public async Task<PlanResult> PreviewAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            EnsureInitialized();
            if (Validate(request) is { } invalid)
            {
                return PlanResult.Refused(invalid);
            }

            var service = _estate.Service(request.ServiceId);
            await ObserveAsync(service, cancellationToken);
            return _planner.Plan(request, PlanningInputFor(service));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A manual request: planned, journaled, then queued or held for approval; refused (and journaled) when unsafe.</summary>
    public async Task<CommandResult> RequestAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            EnsureInitialized();
            if (Validate(request) is { } invalid)
            {
                Log.Refused(_logger, request.Kind, request.ServiceId, request.RequestedBy, invalid);
                return new CommandResult(false, null, null, invalid);
            }

            var service = _estate.Service(request.ServiceId);
            await ObserveAsync(service, cancellationToken);
            return await CreateAsync(request, [], null, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Approves an operation awaiting approval (two-person rule, expiry).</summary>
    public async Task<CommandResult> ApproveAsync(string operationId, string approver, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            EnsureInitialized();
            if (!_active.TryGetValue(operationId, out var op))
            {
                return new CommandResult(false, operationId, null, $"operation {operationId} is not active");
            }

            var policy = _estate.PolicyOf(_estate.Service(op.ServiceId));
            if (ApprovalRules.CheckApprover(op, approver, policy, Now) is { } refusal)
            {
                Log.ApprovalRefused(_logger, op.Id, approver, refusal);
                await _journal.WriteAsync(JournalWrite.Of(op, Entry(op, JournalEntryKind.ApprovalRefused, null, approver, refusal)), cancellationToken);
                return new CommandResult(false, op.Id, op.Status, refusal);
            }

            var approved = op.Approved(approver);
            var entries = new List<JournalEntry> { Entry(approved, JournalEntryKind.Approved, null, approver, $"approved; quote {op.Plan.Quote}") };
            await WriteAsync(approved, entries, null, cancellationToken);
            Log.Approved(_logger, op.Id, approver);
            return new CommandResult(true, op.Id, approved.Status, "approved; queued");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Cancels an operation that has not passed its point of no return.</summary>
    public async Task<CommandResult> CancelAsync(string operationId, string who, string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            EnsureInitialized();
            if (!_active.TryGetValue(operationId, out var op))
            {
                return new CommandResult(false, operationId, null, $"operation {operationId} is not active");
            }

            if (op.Progress.PendingEnd is { } pending)
            {
                return new CommandResult(false, op.Id, op.Status, $"operation {op.Id} has already stopped ({pending.Reason}); it ends once its cleanup has run");
            }

            if (op.Progress.PointOfNoReturnPassed)
            {
                var pnr = _catalog.Resolve(op)?.FirstOrDefault(s => s.IsPointOfNoReturn)?.Name ?? "promotion";
                var why = $"operation {op.Id} has passed its point of no return ({pnr}); it cannot be cancelled, only rolled forward";
                await _journal.WriteAsync(JournalWrite.Of(op, Entry(op, JournalEntryKind.CancelRefused, null, who, why)), cancellationToken);
                return new CommandResult(false, op.Id, op.Status, why);
            }

            await FinishAsync(op, OperationStatus.Cancelled, $"cancelled by {who}: {reason}", who, cancellationToken);
            return new CommandResult(true, op.Id, OperationStatus.Cancelled, "cancelled");
        }
        finally
        {
            _gate.Release();
        }
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    private void EnsureInitialized()
    {
        if (!_initialized)
        {
            throw new InvalidOperationException("FailoverEngine.InitializeAsync must complete before use");
        }
    }

    private string? Validate(OperationRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.ServiceId) || !_estate.Services.Any(s => s.Id == request.ServiceId))
        {
            return $"service: '{request.ServiceId}' is not a service of the estate";
        }

        if (string.IsNullOrWhiteSpace(request.RequestedBy))
        {
            return "requestedBy: a name is required";
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return "reason: say why";
        }

        return null;
    }

    private PlanningInput PlanningInputFor(Service service) => new(_estate, _states[service.Id], _verdicts, _observations, _options) { Agents = _seams.Agents };

    private async Task ObserveAsync(Service service, CancellationToken cancellationToken)
    {
        var primary = _states[service.Id].PrimarySiteId;
        var members = service.SiteIds.Select(site => Members.Of(_estate, service, site)).Where(m => !CutOff(m)).ToList();
        var seen = await Task.WhenAll(members.Select(m => BoundedObservation.ObserveAsync(_seams.Replication, m, _options.ObservationTimeout, _time, cancellationToken)));
        foreach (var observation in seen)
        {
            _observations.Record(observation, primary);
        }
    }

    /// <summary>
    /// A member that did not answer at a site the quorum judges Down or Lost is not asked again until the verdict
    /// changes: each ask would cost the whole observation timeout, on every tick, while a failover waits for its turn.
    /// </summary>
    private bool CutOff(DatabaseMember member) =>
        _observations.Latest(member.ServiceId, member.SiteId) is { Reachable: false }
        && _verdicts.TryGetValue(member.SiteId, out var verdict)
        && verdict.State is HealthState.Down or HealthState.Lost;

    private async Task<CommandResult> CreateAsync(OperationRequest request, IReadOnlyList<string> evidence, DateTimeOffset? detectedAt, CancellationToken cancellationToken)
    {
        var service = _estate.Service(request.ServiceId);
        var policy = _estate.PolicyOf(service);
        var now = Now;
        var id = string.Create(CultureInfo.InvariantCulture, $"op-{++_sequence:D6}-{request.Kind.ToString().ToLowerInvariant()}-{service.Id}");
        if (_active.Values.FirstOrDefault(o => o.ServiceId == service.Id) is { } busy)
        {
            return await RefuseAsync(id, request, $"one operation per service: {busy.Id} ({busy.Kind}, {busy.Status}) is active on {service.Id}", cancellationToken);
        }

        if (request.Kind == OperationKind.Drill && _freezes.FirstOrDefault(f => f.Covers(service, now)) is { } freeze)
        {
            return await RefuseAsync(id, request, $"no drill during a freeze: {freeze.Kind} until {freeze.End:O} ({freeze.Reason})", cancellationToken);
        }

        var result = _planner.Plan(request, PlanningInputFor(service));
        if (result.Plan is not { } plan)
        {
            return await RefuseAsync(id, request, result.Refusal!, cancellationToken);
        }

        var op = OperationRecord.Requested(
            id, request, plan, evidence, now, policy.Approval.RequestExpiry, detectedAt, _observations.PrimaryPosition(service.Id, plan.SourceSiteId)?.Lsn);
        var entries = new List<JournalEntry>
        {
            Entry(op, JournalEntryKind.Requested, null, request.RequestedBy,
                $"{request.Kind} {plan.SourceSiteId} -> {plan.TargetSiteId} ({plan.TargetWhy}); reason: {request.Reason}; quote {plan.Quote}; expected {plan.ExpectedDuration.TotalSeconds:0} s"
                + (plan.Warnings.Count > 0 ? "; warnings: " + string.Join("; ", plan.Warnings) : "")),
        };
        if (request.Force && !plan.Quote.WithinBudget)
        {
            entries.Add(Entry(op, JournalEntryKind.Forced, null, request.RequestedBy, $"FORCED PAST THE RPO BUDGET by {request.RequestedBy}: {plan.Quote}"));
            Log.Forced(_logger, op.Id, service.Id, request.RequestedBy, plan.Quote);
        }

        entries.Add(plan.ApprovalRequired
            ? Entry(op, JournalEntryKind.ApprovalRequested, null, request.RequestedBy, $"{plan.ApprovalWhy}; expires {op.Request.ExpiresAt:O}")
            : Entry(op, JournalEntryKind.Queued, null, request.RequestedBy, "no approval needed"));
        await WriteAsync(op, entries, null, cancellationToken);
        Log.Requested(_logger, op.Id, op.Kind, op.ServiceId, plan.SourceSiteId, plan.TargetSiteId, request.RequestedBy, op.Status);
        if (plan.ApprovalRequired)
        {
            Log.ApprovalNeeded(_logger, op.Id, op.ServiceId, plan.ApprovalWhy!);
        }

        return new CommandResult(true, op.Id, op.Status, plan.ApprovalRequired ? $"awaiting approval: {plan.ApprovalWhy}" : "queued", plan);
    }

    private async Task<CommandResult> RefuseAsync(string id, OperationRequest request, string why, CancellationToken cancellationToken)
    {
        var op = OperationRecord.Refused(id, request, _states[request.ServiceId], why, Now);
        await _journal.WriteAsync(JournalWrite.Of(op, Entry(op, JournalEntryKind.Refused, null, request.RequestedBy, why)), cancellationToken);
        Log.Refused(_logger, request.Kind, request.ServiceId, request.RequestedBy, why);
        return new CommandResult(false, id, OperationStatus.Refused, why);
    }

    private JournalEntry Entry(OperationRecord op, JournalEntryKind kind, string? step, string actor, string detail) => new(op.Id, Now, kind, step, actor, detail);

    /// <summary>Journals first, then updates memory: memory never holds what the journal does not.</summary>
    private async Task WriteAsync(OperationRecord op, IReadOnlyList<JournalEntry> entries, ServiceState? state, CancellationToken cancellationToken)
    {
        await _journal.WriteAsync(new JournalWrite(op, entries, state), cancellationToken);
        if (op.Status.IsActive())
        {
            _active[op.Id] = op;
        }
        else
        {
            _active.Remove(op.Id);
        }

        if (state is not null)
        {
            _states[state.ServiceId] = state;
        }

        Publish();
    }

    private void Publish() => Volatile.Write(ref _snapshot, new EngineSnapshot(_states.Values.ToList(), _active.Values.ToList()));

    private IEnumerable<OperationRecord> Ordered(IEnumerable<OperationRecord> ops) =>
        ops.OrderBy(o => o.Kind == OperationKind.Failover ? 0 : 1)
            .ThenBy(o => _estate.Service(o.ServiceId).Priority)
            .ThenBy(o => o.Request.CreatedAt)
            .ThenBy(o => o.Id, StringComparer.Ordinal);
}
