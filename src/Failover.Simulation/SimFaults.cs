using Failover.Core.Decisions;

namespace Failover.Simulation;

/// <summary>Seeded fault injection: fire, partitions, flapping, slow or stopped replication, maintenance freezes.</summary>
internal sealed class SimFaults(SimWorld world, double intensity, Action<string> trace)
{
    private bool _fire;

    public List<FreezeWindow> Freezes { get; } = [];

    public void Inject()
    {
        var rng = world.Rng;
        var now = world.Now;
        string Site() => SimEstate.SiteIds[rng.Next(SimEstate.SiteIds.Length)];
        DateTimeOffset Until(int min, int max) => now + TimeSpan.FromSeconds(rng.Next(min, max + 1));
        bool Chance(double p) => rng.NextDouble() < p * intensity;

        if (!_fire && Chance(0.002))
        {
            _fire = true;
            var site = Site();
            world.Burned.Add(site);
            trace($"FAULT fire destroys {site} (permanent)");
        }

        if (Chance(0.006))
        {
            var site = Site();
            var until = Until(5, 60);
            world.EngineCut[site] = until;
            var spared = SimEstate.ObserverIds[rng.Next(SimEstate.ObserverIds.Length)];
            foreach (var o in SimEstate.ObserverIds.Where(o => o != spared))
            {
                world.ObserverCut[(o, site)] = until;
            }

            trace($"FAULT control plane + observers (except {spared}) cut from {site} until {until:HH:mm:ss}");
        }

        if (Chance(0.004))
        {
            var site = Site();
            world.EngineCut[site] = Until(3, 30);
            trace($"FAULT control plane alone cut from {site} until {world.EngineCut[site]:HH:mm:ss}");
        }

        if (Chance(0.01))
        {
            var site = Site();
            var o = SimEstate.ObserverIds[rng.Next(SimEstate.ObserverIds.Length)];
            world.ObserverCut[(o, site)] = Until(5, 60);
            trace($"FAULT observer {o} alone cut from {site}");
        }

        if (Chance(0.005))
        {
            var a = Site();
            var b = Site();
            if (a != b)
            {
                world.SiteCut[SimWorld.Pair(a, b)] = Until(10, 90);
                trace($"FAULT link {a} <-> {b} cut");
            }
        }

        if (Chance(0.004))
        {
            var site = Site();
            world.Flapping[site] = Until(10, 60);
            trace($"FAULT probes of {site} flap");
        }

        if (Chance(0.006))
        {
            var service = world.Estate.Services[rng.Next(world.Estate.Services.Count)];
            var site = service.SiteIds.ElementAt(rng.Next(service.SiteIds.Count()));
            var db = world.Databases[(service.Id, site)];
            db.ReplicationRate = rng.NextDouble() < 0.5 ? 0 : 0.05;
            world.SlowReplication[(service.Id, site)] = Until(20, 120);
            trace($"FAULT replication of {service.Id}@{site} {(db.ReplicationRate == 0 ? "stopped" : "slow")}");
        }

        if (Chance(0.002))
        {
            var service = world.Estate.Services[rng.Next(world.Estate.Services.Count)];
            var freeze = new FreezeWindow(rng.NextDouble() < 0.5 ? FreezeWindowKind.Maintenance : FreezeWindowKind.Drill, service.Id, null, now, Until(30, 120), "simulated window");
            Freezes.Add(freeze);
            trace($"FAULT {freeze.Kind} freeze on {service.Id} until {freeze.End:HH:mm:ss}");
        }

        Freezes.RemoveAll(f => f.End <= now);
    }

    /// <summary>Every fault heals except fires.</summary>
    public void HealAll()
    {
        world.EngineCut.Clear();
        world.ObserverCut.Clear();
        world.SiteCut.Clear();
        world.Flapping.Clear();
        world.FlapDownNow.Clear();
        world.SlowReplication.Clear();
        Freezes.Clear();
        trace("HEAL every fault but fires");
    }
}
