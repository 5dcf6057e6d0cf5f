using Failover.Core.Decisions;
using Failover.Core.Agents;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills.Reports;
using Failover.Simulation;

namespace Failover.Drills.Tests;

/// <summary>The real engine with the drill extension over a fake sandbox, against the simulation's sites, driven by hand.</summary>
internal sealed class DrillHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 9, 2, 0, 0, TimeSpan.Zero);

    public DrillHarness(EngineOptions? options = null, bool agents = true)
    {
        Options = options ?? new EngineOptions { OperationTimeout = TimeSpan.FromSeconds(120) };
        Estate = SimEstate.Build(1);
        World = new SimWorld(1, Estate, Time, agents);
        Agents = new SimAgents(World);
        Seams = new EngineSeams(new SimReplication(World), [new SimTraffic(World)], new SimWorkloads(World), new SimRebuild(World), [new DrillPlanExtension(Sandbox)]) { Agents = Agents };
        Renewer = new LeaseRenewer(Estate, Agents, Leadership);
        Engine = NewEngine();
    }

    public const string ServiceId = "ent-1";

    public SimulatedTimeProvider Time { get; } = new(Start);

    public EngineOptions Options { get; }

    /// <summary>The simulated site agents (every site runs one unless the harness was built without agents).</summary>
    public ISiteAgents Agents { get; }

    /// <summary>Renews the primaries' leases before every engine turn, as the control loop's renewal timer does.</summary>
    public LeaseRenewer Renewer { get; }

    /// <summary>Who leads: the renewer grants nothing when this instance does not.</summary>
    public ILeadership Leadership { get; } = StaticLeadership.Always("harness");

    public Estate Estate { get; }

    internal SimWorld World { get; }

    public FakeSandbox Sandbox { get; } = new();

    public IJournalStore Journal { get; } = new InMemoryJournalStore();

    public EngineSeams Seams { get; }

    public FailoverEngine Engine { get; private set; }

    public Dictionary<string, HealthState> Health { get; } = new(StringComparer.Ordinal);

    public List<FreezeWindow> Freezes { get; } = [];

    public DateTimeOffset LostSince { get; set; } = Start;

    /// <summary>A new engine on the same journal, as after a control-plane restart.</summary>
    public FailoverEngine NewEngine()
    {
        Engine = new FailoverEngine(Estate, Seams, Journal, Time, Options);
        Engine.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        return Engine;
    }

    public Task<CommandResult> RequestDrillAsync(DrillKind kind = DrillKind.Isolated) =>
        Engine.RequestAsync(DrillVariants.Request(ServiceId, kind, "alice"), CancellationToken.None);

    public IReadOnlyList<SiteVerdict> Verdicts() => SimEstate.SiteIds.Select(s =>
    {
        var state = Health.GetValueOrDefault(s, HealthState.Healthy);
        var since = state == HealthState.Healthy ? Start : LostSince;
        return new SiteVerdict(s, state, since, Time.GetUtcNow() - since, state == HealthState.Lost, null,
            new VerdictEvidence(state == HealthState.Healthy ? [] : ["obs-a", "obs-b"], ["obs-a", "obs-b", "obs-c"], new Dictionary<string, string>(), new Dictionary<string, string>()));
    }).ToList();

    public void Burn(string site)
    {
        World.Burned.Add(site);
        Health[site] = HealthState.Lost;
        LostSince = Time.GetUtcNow() - TimeSpan.FromSeconds(60);
    }

    public async Task<TickReport> TickAsync(int seconds = 1, CancellationToken cancellationToken = default)
    {
        TickReport? last = null;
        for (var i = 0; i < seconds; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            World.Step();
            var verdicts = Verdicts();
            await Renewer.RenewAsync(Engine.Ledger, Engine.Snapshot, verdicts.ToDictionary(v => v.SiteId, StringComparer.Ordinal), CancellationToken.None);
            last = await Engine.TickAsync(new EngineTick(verdicts, Freezes), cancellationToken);
        }

        return last!;
    }

    /// <summary>Turns until the condition holds (a drill advances one step per turn), at most <paramref name="turns"/>.</summary>
    public async Task TickUntilAsync(Func<Task<bool>> condition, int turns = 20)
    {
        for (var i = 0; i < turns && !await condition(); i++)
        {
            await TickAsync();
        }
    }

    /// <summary>Turns until the operation has ended.</summary>
    public Task TickUntilEndedAsync(string id, int turns = 20) =>
        TickUntilAsync(async () => (await OperationAsync(id)).Status.IsTerminal(), turns);

    public async Task<OperationRecord> OperationAsync(string id) => (await Journal.GetOperationAsync(id, CancellationToken.None))!;

    public async Task<IReadOnlyList<JournalEntry>> EntriesAsync(string id) => await Journal.ReadEntriesAsync(id, CancellationToken.None);

    public async Task<DrillReport> ReportAsync(string id) =>
        (await Drills.History.DrillHistory.GetAsync(Journal, Estate, id, CancellationToken.None))!;

    public void Dispose() => Engine.Dispose();
}
