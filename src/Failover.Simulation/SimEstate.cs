using System.Net;
using Failover.Core.Topology;

namespace Failover.Simulation;

/// <summary>The simulated estate: three sites of two providers, three observers, four services with different policies.</summary>
internal static class SimEstate
{
    public static readonly string[] SiteIds = ["ovh-sbg", "ovh-rbx", "scw-par"];

    public static readonly string[] ObserverIds = ["obs-a", "obs-b", "obs-c"];

    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    public static Estate Build(int services)
    {
        var sites = SiteIds.Select((id, i) => new Site(
            id, id.StartsWith("ovh", StringComparison.Ordinal) ? "ovh" : "scw", id, id,
            [new HostEndpoint($"pg.{id}.sim", 5432)], [IPAddress.Parse($"192.0.2.{i + 10}")], null, 100)).ToList();
        var detection = new DetectionPolicy(TimeSpan.FromSeconds(1), Grace, 2, 3, 2);
        var policies = new List<Policy>
        {
            new("auto", true, detection, new QuorumPolicy(null), TimeSpan.FromMinutes(5), 0.5, new ApprovalPolicy(true, TimeSpan.FromMinutes(2), false)),
            new("manual", false, detection, new QuorumPolicy(null), TimeSpan.FromMinutes(5), 0.5, new ApprovalPolicy(true, TimeSpan.FromMinutes(2), true)),
            new("loose", true, detection, new QuorumPolicy(null), TimeSpan.FromMinutes(2), 0.5, new ApprovalPolicy(false, TimeSpan.FromMinutes(1), false)),
        };
        var shapes = new (string Policy, long Budget)[] { ("auto", 256 * 1024), ("auto", 64 * 1024), ("manual", 256 * 1024), ("loose", 1024 * 1024) };
        var list = new List<Service>();
        for (var i = 0; i < services; i++)
        {
            var shape = shapes[i % shapes.Length];
            var primary = SiteIds[i % SiteIds.Length];
            var standbys = Enumerable.Range(1, SiteIds.Length - 1).Select(k => SiteIds[(i + (i % 2 == 0 ? k : SiteIds.Length - k)) % SiteIds.Length]).ToList();
            var id = $"ent-{i + 1}";
            list.Add(new Service(
                id, $"ENT {i + 1}", primary, standbys, shape.Policy, i + 1,
                new DatabaseSpec("ent", "ent", new SecretReference(SecretSource.Environment, "SIM_PG"), ReplicationMode.Async, new RpoBudget(shape.Budget, null)),
                new HealthSpec(new HttpHealthCheck("http", 80, "/health", 200, null, TimeSpan.FromSeconds(2))),
                [new WorkloadSpec(WorkloadKind.Deployment, "web", 2, 0)],
                new TrafficSpec("edge", $"{id}.sim.example", TimeSpan.FromSeconds(30)),
                new ServiceTargets(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1))));
        }

        return new Estate(
            [new Provider("ovh", "OVHcloud"), new Provider("scw", "Scaleway")], sites, list,
            ObserverIds.Select(o => new Observer(o, o, null)).ToList(), policies, [new EdgeRouterSpec("edge", null)]);
    }
}
