using System.Globalization;
using Failover.Core;
using Failover.Core.Agents;
using Failover.Core.Engine;
using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Core.Operations;
using Failover.Core.Replication;

namespace Failover.Simulation;

/// <summary>One seed: the real engine against the simulated world, faults, humans and crashes, invariants after every event.</summary>
internal sealed partial class SeedRun : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 0, 47, 0, TimeSpan.Zero);
    private readonly int _seed;
    private readonly SimulationOptions _options;
    private readonly SimulatedTimeProvider _time = new(Start);
    private readonly SimWorld _world;
    private readonly SimHealth _health;
    private readonly SimFaults _faults;
    private readonly SimOperators _humans;
    private readonly InMemoryJournalStore _journal = new();
    private readonly EngineSeams _seams;
    private readonly LeaseRenewer _renewer;
    private readonly EngineOptions _engineOptions = new()
    {
        MaxConcurrentOperations = 2,
        MaxStepsPerTick = 1,
        OperationTimeout = TimeSpan.FromSeconds(90),
        CallTimeout = TimeSpan.FromSeconds(5),
        CatchUpTimeout = TimeSpan.FromSeconds(10),
    };

    private readonly List<string> _trace = [];
    private FailoverEngine? _engine;
    private DateTimeOffset _engineDownUntil;
    private int _ticks;
    private int _crashes;
    private string? _violation;

    public SeedRun(int seed, SimulationOptions options)
    {
        _seed = seed;
        _options = options;
        var estate = SimEstate.Build(options.Services);
        _world = new SimWorld(seed, estate, _time) { LeasesNeverExpire = options.PlantLeaseThatNeverExpires };
        _health = new SimHealth(_world);
        _faults = new SimFaults(_world, options.Intensity, Trace);
        _humans = new SimOperators(_world, options.Intensity, Trace);
        var agents = new SimAgents(_world);
        _seams = new EngineSeams(new SimReplication(_world), [new SimTraffic(_world)], new SimWorkloads(_world), new SimRebuild(_world), []) { Agents = agents };
        _renewer = new LeaseRenewer(estate, agents, StaticLeadership.Always("sim-control-plane"));
    }

    public void Dispose()
    {
        _engine?.Dispose();
        _world.EngineProcess?.Dispose();
    }

    /// <summary>Awaits a task the simulation guarantees to be complete (every simulated seam answers synchronously).</summary>
    public static T Sync<T>(Task<T> task)
    {
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("simulation determinism: an engine call did not complete synchronously");
        }

        return task.GetAwaiter().GetResult();
    }

    public static void Sync(Task task)
    {
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("simulation determinism: an engine call did not complete synchronously");
        }

        task.GetAwaiter().GetResult();
    }

    public SeedResult Run()
    {
        StartEngine();
        for (var t = 0; t < _options.ChaosTicks && _violation is null; t++)
        {
            Tick(chaos: true);
        }

        if (_violation is null)
        {
            _faults.HealAll();
            _world.CrashAfterEffectChance = 0;
            var converged = false;
            for (var t = 0; t < _options.HealTicks && _violation is null; t++)
            {
                Tick(chaos: false);
                if (_engine is not null && NotConverged() is null)
                {
                    converged = true;
                    break;
                }
            }

            if (!converged && _violation is null)
            {
                Violate($"no convergence {_options.HealTicks} s after faults healed: {NotConverged()}");
            }
        }

        var ops = Sync(_journal.ListOperationsAsync(activeOnly: false, CancellationToken.None));
        return new SeedResult(
            _seed, _violation is null, _violation, _ticks, ops.Count,
            ops.Count(o => o.Kind == OperationKind.Failover && o.Status == OperationStatus.Succeeded), _crashes,
            Fingerprint(ops), _options.Trace ? _trace : []);
    }

    private void Trace(string line)
    {
        if (_options.Trace)
        {
            _trace.Add(string.Create(CultureInfo.InvariantCulture, $"t={_ticks,4} {line}"));
        }
    }

    private void Violate(string what)
    {
        _violation ??= string.Create(CultureInfo.InvariantCulture, $"seed {_seed} t={_ticks}: {what}{Environment.NewLine}{_world.Describe()}");
        Trace("VIOLATION " + what);
    }

    private void StartEngine()
    {
        _world.EngineSeen.Clear();
        _world.EngineProcess?.Dispose();
        _world.EngineProcess = new CancellationTokenSource();
        _engine?.Dispose();
        _engine = new FailoverEngine(_world.Estate, _seams, _journal, _time, _engineOptions);
        Sync(_engine.InitializeAsync(_world.EngineProcess.Token));

        // What the new incarnation knows of primary positions is what its journal holds.
        foreach (var op in _engine.ActiveOperations.Where(o => o.Progress.PrimaryLsnSeen is not null))
        {
            var key = (op.ServiceId, op.Plan.SourceSiteId);
            _world.EngineSeen[key] = Math.Max(_world.EngineSeen.GetValueOrDefault(key), op.Progress.PrimaryLsnSeen!.Value.Value);
        }

        Trace("ENGINE started (journal replayed)");
    }

    private void Crash(string how)
    {
        _crashes++;
        _engine?.Dispose();
        _engine = null;
        _engineDownUntil = _world.Now + TimeSpan.FromSeconds(_world.Rng.Next(1, 11));
        Trace($"CRASH control plane {how}; restarts at {_engineDownUntil:HH:mm:ss}");
    }

    private void Tick(bool chaos)
    {
        _ticks++;
        _time.Advance(TimeSpan.FromSeconds(1));
        if (chaos)
        {
            _faults.Inject();
            _world.CrashAfterEffectChance = 0.03 * _options.Intensity;
        }

        _world.Step();
        var verdicts = _health.Evaluate();
        if (_engine is null && _world.Now >= _engineDownUntil)
        {
            StartEngine();
        }

        if (_engine is { } engine)
        {
            if (chaos && _world.Rng.NextDouble() < 0.004 * _options.Intensity)
            {
                Crash("between ticks");
            }
            else
            {
                try
                {
                    // The renewer's own timer fires every TTL/3 = 1 s: once per simulated second, before the engine's turn.
                    Sync(_renewer.RenewAsync(engine.Ledger, engine.Snapshot, verdicts.ToDictionary(v => v.SiteId, StringComparer.Ordinal), (engine.Observations, _world.Time), _world.EngineProcess!.Token));
                    Sync(engine.TickAsync(new EngineTick(verdicts, _faults.Freezes.ToList()), _world.EngineProcess!.Token));
                }
                catch (OperationCanceledException)
                {
                    Crash("in the middle of a step (after its effect, before its journal entry)");
                }
            }
        }

        CheckInvariants();
        if (_engine is { } alive && _violation is null)
        {
            if (chaos)
            {
                _humans.Chaos(alive, _world.EngineProcess!.Token);
            }
            else
            {
                _humans.Heal(alive, _world.EngineProcess!.Token);
            }

            CheckInvariants();
        }
    }

    private long Fingerprint(IReadOnlyList<OperationRecord> ops)
    {
        var text = string.Join("|", ops.Select(o => $"{o.Id}:{o.Status}:{o.Plan.TargetSiteId}:{o.Progress.NextStep}:{o.Outcome.MeasuredDataLossBytes}")) + _world.Describe() + _ticks;
        ulong hash = 14695981039346656037;
        foreach (var ch in text)
        {
            hash = (hash ^ ch) * 1099511628211;
        }

        return (long)hash;
    }

    private string? NotConverged()
    {
        if (_engine is not { } engine)
        {
            return "control plane down";
        }

        foreach (var state in engine.ServiceStates)
        {
            var service = _world.Estate.Service(state.ServiceId);
            var p = state.PrimarySiteId;
            if (!_world.Alive(p))
            {
                return $"{service.Id}: committed primary {p} burned";
            }

            if (engine.ActiveOperations.FirstOrDefault(o => o.ServiceId == service.Id) is { } op)
            {
                return $"{service.Id}: operation {op.Id} still {op.Status}";
            }

            var primary = _world.Databases[(service.Id, p)];
            if (!primary.Writable)
            {
                return $"{service.Id}: primary {primary} not writable";
            }

            if (_world.Routes[service.Id].Target != p || !_world.Workloads[(service.Id, p)].Active)
            {
                return $"{service.Id}: traffic on {_world.Routes[service.Id].Target}, app at primary active {_world.Workloads[(service.Id, p)].Active}";
            }

            foreach (var site in service.SiteIds.Where(s => s != p && _world.Alive(s)))
            {
                var db = _world.Databases[(service.Id, site)];
                if (db.Role != DatabaseRole.Standby || db.Upstream != p || db.Timeline != primary.Timeline || db.Fenced)
                {
                    return $"{service.Id}: {db} does not stream from the primary";
                }

                if (_world.Workloads[(service.Id, site)].Active)
                {
                    return $"{service.Id}: application still active at standby site {site}";
                }
            }

            if (state.NeedsReconcile || state.OperatorFenced.Any(_world.Alive) || state.NeedsReprotect.Any(_world.Alive))
            {
                return $"{service.Id}: state not settled (reconcile {state.NeedsReconcile}, fenced [{string.Join(",", state.OperatorFenced)}], reprotect [{string.Join(",", state.NeedsReprotect)}])";
            }
        }

        return null;
    }
}
