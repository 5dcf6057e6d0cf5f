using Failover.Core.Agents;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Simulation;
using Decisions = Failover.Core.Decisions;

namespace Failover.Testing;

/// <summary>The real engine against the simulated sites of the simulation, driven by hand.</summary>
public sealed class EngineHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 0, 47, 0, TimeSpan.Zero);

    /// <param name="agents">False: no site runs an agent (nothing fences a cut-off primary but the engine).</param>
    /// <param name="estate">Adjusts the simulated estate (a policy, the replication mode) before anything is built on it.</param>
    /// <param name="wrapAgents">Wraps the simulated agents (to record or refuse calls).</param>
    /// <param name="wrapReplication">Wraps the simulated replication (to record calls or make a member silent).</param>
    public EngineHarness(
        int services = 1, IJournalStore? journal = null, EngineOptions? options = null, IReadOnlyList<IPlanExtension>? extensions = null, bool agents = true,
        Func<Estate, Estate>? estate = null, Func<ISiteAgents, ISiteAgents>? wrapAgents = null, Func<IReplicationControl, IReplicationControl>? wrapReplication = null)
    {
        Options = options ?? new EngineOptions { OperationTimeout = TimeSpan.FromSeconds(120) };
        Estate = estate is null ? SimEstate.Build(services) : estate(SimEstate.Build(services));
        World = new SimWorld(1, Estate, Time, agents);
        Journal = journal ?? new InMemoryJournalStore();
        Agents = wrapAgents is null ? new SimAgents(World) : wrapAgents(new SimAgents(World));
        Seams = new EngineSeams(wrapReplication is null ? new SimReplication(World) : wrapReplication(new SimReplication(World)), [new SimTraffic(World)], new SimWorkloads(World), new SimRebuild(World), extensions ?? []) { Agents = Agents };
        Renewer = new LeaseRenewer(Estate, Agents, Leadership);
        Engine = NewEngine(Journal);
    }

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

    public IJournalStore Journal { get; private set; }

    public EngineSeams Seams { get; }

    public FailoverEngine Engine { get; private set; }

    public HashSet<string> Lost { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset LostSince { get; set; } = Start;

    public string? Brake { get; set; }

    public List<Decisions.FreezeWindow> Freezes { get; } = [];

    public FailoverEngine NewEngine(IJournalStore journal)
    {
        Journal = journal;
        Engine = new FailoverEngine(Estate, Seams, journal, Time, Options);
        Engine.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        return Engine;
    }

    public IReadOnlyList<SiteVerdict> Verdicts() => SimEstate.SiteIds.Select(s => Lost.Contains(s)
        ? new SiteVerdict(s, HealthState.Lost, LostSince, Time.GetUtcNow() - LostSince, true, Brake, Evidence(["obs-a", "obs-b"]))
        : new SiteVerdict(s, HealthState.Healthy, Start, TimeSpan.Zero, false, Brake, Evidence([]))).ToList();

    /// <summary>Burns a site for real (unreachable) and reports it quorum-Lost since <paramref name="secondsAgo"/>.</summary>
    public void Burn(string site, int secondsAgo = 60)
    {
        World.Burned.Add(site);
        Lost.Add(site);
        LostSince = Time.GetUtcNow() - TimeSpan.FromSeconds(secondsAgo);
    }

    public async Task<TickReport> TickAsync(int seconds = 1)
    {
        TickReport? last = null;
        for (var i = 0; i < seconds; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            World.Step();
            var verdicts = Verdicts();
            await Renewer.RenewAsync(Engine.Ledger, Engine.Snapshot, verdicts.ToDictionary(v => v.SiteId, StringComparer.Ordinal), (Engine.Observations, Time), CancellationToken.None);
            last = await Engine.TickAsync(new EngineTick(verdicts, Freezes), CancellationToken.None);
        }

        return last!;
    }

    public async Task<OperationRecord> OperationAsync(string id) => (await Journal.GetOperationAsync(id, CancellationToken.None))!;

    public async Task<IReadOnlyList<JournalEntry>> EntriesAsync(string id) => await Journal.ReadEntriesAsync(id, CancellationToken.None);

    public ServiceState State(string serviceId = "ent-1") => Engine.ServiceStates.Single(s => s.ServiceId == serviceId);

    public int WritablePrimaries(string serviceId = "ent-1") =>
        Estate.Service(serviceId).SiteIds.Count(s => World.Alive(s) && World.Databases[(serviceId, s)].Writable);

    public void Dispose() => Engine.Dispose();

    private static VerdictEvidence Evidence(IReadOnlyList<string> down) =>
        new(down, ["obs-a", "obs-b", "obs-c"], new Dictionary<string, string>(), new Dictionary<string, string>());
}
