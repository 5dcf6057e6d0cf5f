using Failover.Core;
using Failover.Core.Replication;
using Failover.Core.Topology;

namespace Failover.Simulation;

/// <summary>
/// The simulated estate's ground truth: databases, workloads, routes, the network between the control plane, the
/// observers and the sites, and the faults. One seeded <see cref="Random"/> drives everything.
/// </summary>
internal sealed class SimWorld
{
    public const ulong SystemIdentifier = 7_300_000_000_000_000_001;

    /// <param name="agents">True: every site runs a site agent that holds its primary's write lease (<see cref="SimAgents"/>).</param>
    public SimWorld(int seed, Estate estate, SimulatedTimeProvider time, bool agents = true)
    {
        Rng = new Random(seed);
        Estate = estate;
        Time = time;
        HasAgents = agents;
        foreach (var service in estate.Services)
        {
            Routes[service.Id] = new SimRoute(service.PrimarySiteId);
            foreach (var site in service.SiteIds)
            {
                var db = new SimDatabase(service.Id, site);
                if (site == service.PrimarySiteId)
                {
                    // As if the control plane's first grant had just arrived.
                    db.Role = DatabaseRole.Primary;
                    db.PromotedEpoch = Epoch.Initial;
                    db.LeaseUntil = time.GetUtcNow() + estate.PolicyOf(service).Lease.Ttl;
                }
                else
                {
                    db.Upstream = service.PrimarySiteId;
                }

                Databases[(service.Id, site)] = db;
                Workloads[(service.Id, site)] = new SimWorkload { Active = site == service.PrimarySiteId };
            }
        }
    }

    public Random Rng { get; }

    public Estate Estate { get; }

    public SimulatedTimeProvider Time { get; }

    /// <summary>Every site runs a site agent; without them nothing fences a cut-off primary but the engine.</summary>
    public bool HasAgents { get; }

    /// <summary>A planted defect for the invariants' own test: the agents never let a lease run out.</summary>
    public bool LeasesNeverExpire { get; set; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public Dictionary<(string Service, string Site), SimDatabase> Databases { get; } = [];

    public Dictionary<(string Service, string Site), SimWorkload> Workloads { get; } = [];

    public Dictionary<string, SimRoute> Routes { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Burned { get; } = new(StringComparer.Ordinal);

    /// <summary>Sites the control plane (engine) cannot reach, with when the cut heals.</summary>
    public Dictionary<string, DateTimeOffset> EngineCut { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Observer, string Site), DateTimeOffset> ObserverCut { get; } = [];

    public Dictionary<(string A, string B), DateTimeOffset> SiteCut { get; } = [];

    /// <summary>Sites whose probes flap, until when.</summary>
    public Dictionary<string, DateTimeOffset> Flapping { get; } = new(StringComparer.Ordinal);

    public HashSet<string> FlapDownNow { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Service, string Site), DateTimeOffset> SlowReplication { get; } = [];

    /// <summary>Highest primary position the current engine incarnation has observed, per member.</summary>
    public Dictionary<(string Service, string Site), ulong> EngineSeen { get; } = [];

    public List<PromotionEvent> Promotions { get; } = [];

    /// <summary>Probability that the control plane dies right after an actuation took effect.</summary>
    public double CrashAfterEffectChance { get; set; }

    public CancellationTokenSource? EngineProcess { get; set; }

    public bool Alive(string site) => !Burned.Contains(site);

    public bool EngineReaches(string site) => Alive(site) && !EngineCut.ContainsKey(site);

    public bool ObserverSees(string observer, string site) => Alive(site) && !ObserverCut.ContainsKey((observer, site)) && !FlapDownNow.Contains(site);

    public bool Linked(string a, string b) => Alive(a) && Alive(b) && !SiteCut.ContainsKey(Pair(a, b));

    public static (string, string) Pair(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);

    /// <summary>Called by an adapter after an effect: maybe the control plane dies now, before it journals the step's end.</summary>
    public void MaybeCrash()
    {
        if (EngineProcess is { } process && CrashAfterEffectChance > 0 && Rng.NextDouble() < CrashAfterEffectChance)
        {
            process.Cancel();
            process.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>One simulated second of physics: writes, replication, the agents' lease self-fencing, flapping, fault expiry.</summary>
    public void Step()
    {
        var now = Now;
        Expire(EngineCut, now);
        Expire(ObserverCut, now);
        Expire(SiteCut, now);
        Expire(Flapping, now);
        Expire(SlowReplication, now);
        FlapDownNow.Clear();
        foreach (var site in Flapping.Keys)
        {
            if (Rng.NextDouble() < 0.5)
            {
                FlapDownNow.Add(site);
            }
        }

        foreach (var db in Databases.Values)
        {
            if (!Alive(db.SiteId))
            {
                continue;
            }

            if (db.Role == DatabaseRole.Primary)
            {
                // The agent runs at the site: a partition does not stop its clock.
                if (HasAgents && !LeasesNeverExpire && !db.Fenced && (db.LeaseUntil is not { } until || until <= now))
                {
                    db.Fenced = true;
                    db.FencedBy = "lease";
                    db.LeaseUntil = null;
                }

                if (db.Writable)
                {
                    db.CurrentLsn += (ulong)(Rng.Next(0, 16 * 1024) * db.WriteRate);
                }
            }
        }

        foreach (var db in Databases.Values)
        {
            if (db.Role != DatabaseRole.Standby || db.Upstream is not { } up || !Alive(db.SiteId))
            {
                continue;
            }

            var source = Databases[(db.ServiceId, up)];
            if (!Linked(db.SiteId, up) || source.Timeline != db.Timeline)
            {
                continue;
            }

            var rate = SlowReplication.ContainsKey((db.ServiceId, db.SiteId)) ? db.ReplicationRate : 1.0;
            var chunk = (ulong)(64 * 1024 * rate);
            db.ReplayLsn = Math.Min(source.CurrentLsn, db.ReplayLsn + chunk);
        }
    }

    private static void Expire<TKey>(Dictionary<TKey, DateTimeOffset> faults, DateTimeOffset now)
        where TKey : notnull
    {
        List<TKey>? gone = null;
        foreach (var (key, until) in faults)
        {
            if (until <= now)
            {
                (gone ??= []).Add(key);
            }
        }

        if (gone is not null)
        {
            foreach (var key in gone)
            {
                faults.Remove(key);
            }
        }
    }

    public string Describe()
    {
        var lines = new List<string>();
        foreach (var service in Estate.Services)
        {
            var route = Routes[service.Id];
            lines.Add($"  {service.Id}: traffic -> {route.Target} (e{route.Epoch}); active apps: {string.Join(",", service.SiteIds.Where(s => Workloads[(service.Id, s)].Active))}");
            foreach (var site in service.SiteIds)
            {
                lines.Add($"    {Databases[(service.Id, site)]}{(Alive(site) ? "" : " BURNED")}");
            }
        }

        return string.Join(Environment.NewLine, lines);
    }
}
