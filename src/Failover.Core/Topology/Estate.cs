namespace Failover.Core.Topology;

/// <summary>A whole hosting estate: the contract every component reads, produced by the configuration loader.</summary>
public sealed record Estate(
    IReadOnlyList<Provider> Providers,
    IReadOnlyList<Site> Sites,
    IReadOnlyList<Service> Services,
    IReadOnlyList<Observer> Observers,
    IReadOnlyList<Policy> Policies,
    IReadOnlyList<RouterSpec> Routers)
{
    /// <summary>Estate-wide drill calendars and maintenance windows (the file's top-level <c>drills:</c>).</summary>
    public EstateDrills Drills { get; init; } = EstateDrills.None;

    /// <summary>The control plane's mutual TLS with the site agents (the file's top-level <c>agents:</c>), or null.</summary>
    public AgentTlsSpec? AgentTls { get; init; }

    public Site Site(string id) => Sites.First(s => s.Id == id);

    public Service Service(string id) => Services.First(s => s.Id == id);

    public Policy PolicyOf(Service service) => Policies.First(p => p.Id == service.PolicyId);

    public RouterSpec RouterOf(Service service) => Routers.First(r => r.Id == service.Traffic.RouterId);
}
