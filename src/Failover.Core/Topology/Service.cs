namespace Failover.Core.Topology;

/// <summary>One ENT deployment: where it runs, where it may move, and how to tell that it serves.</summary>
public sealed record Service(
    string Id,
    string DisplayName,
    string PrimarySiteId,
    IReadOnlyList<string> StandbySiteIds,
    string PolicyId,
    int Priority,
    DatabaseSpec Database,
    HealthSpec Health,
    IReadOnlyList<WorkloadSpec> Workloads,
    TrafficSpec Traffic,
    ServiceTargets Targets)
{
    /// <summary>The service's drill schedules and maintenance windows (its <c>drills:</c> section).</summary>
    public ServiceDrills Drills { get; init; } = ServiceDrills.None;

    /// <summary>The primary followed by the standbys in preference order.</summary>
    public IEnumerable<string> SiteIds => StandbySiteIds.Prepend(PrimarySiteId);

    /// <summary>Where the application reads the database primary at a site; null when the workload control need not point it.</summary>
    public PrimaryPointer? PrimaryPointer { get; init; }
}
