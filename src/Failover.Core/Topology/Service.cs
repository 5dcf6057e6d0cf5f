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

public enum ReplicationMode
{
    Async,
    Sync,
}

/// <summary>The RPO budget: how far behind a standby may be and still be promoted without a human.</summary>
public sealed record RpoBudget(long? MaxLagBytes, TimeSpan? MaxLagTime)
{
    public bool IsSet => MaxLagBytes is not null || MaxLagTime is not null;

    public bool Allows(long lagBytes, TimeSpan? lagTime) =>
        (MaxLagBytes is not { } bytes || lagBytes <= bytes)
        && (MaxLagTime is not { } time || (lagTime is { } t && t <= time));
}

public sealed record DatabaseSpec(string Name, string User, SecretReference Password, ReplicationMode Replication, RpoBudget Budget);

public sealed record HealthSpec(HttpHealthCheck? Http);

public sealed record HttpHealthCheck(string Scheme, int Port, string Path, int ExpectedStatus, string? BodyContains, TimeSpan Timeout);

public enum WorkloadKind
{
    Deployment,
    StatefulSet,
}

public sealed record WorkloadSpec(WorkloadKind Kind, string Name, int ActiveReplicas, int StandbyReplicas);

public sealed record TrafficSpec(string RouterId, string DnsName, TimeSpan Ttl);

public sealed record ServiceTargets(TimeSpan Rto, TimeSpan Rpo);
