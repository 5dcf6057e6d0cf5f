using Failover.Core.Topology;

namespace Failover.Drills.Scheduling;

/// <summary>
/// Asks for a drill to run. <see cref="EngineDrillLauncher"/> implements it over the engine: it refuses when an operation
/// runs on the service, and otherwise starts the drill operation and returns. The scheduler's Quartz job calls it.
/// </summary>
public interface IDrillLauncher
{
    /// <param name="requestedBy">Who asked: <c>schedule:{service}/{schedule}</c> for a scheduled drill.</param>
    Task<DrillLaunchResult> LaunchAsync(string serviceId, DrillKind kind, string requestedBy, CancellationToken ct);
}

/// <summary>Whether the drill was started (with its operation id) or refused, and why.</summary>
public sealed record DrillLaunchResult(bool Started, string? DrillId, string? Reason)
{
    public static DrillLaunchResult Accepted(string drillId) => new(true, drillId, null);

    public static DrillLaunchResult Refused(string reason) => new(false, null, reason);
}
