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
