using Failover.Core.Topology;

namespace Failover.Drills.Scheduling;

/// <summary>The launcher used when the host registered none: every scheduled drill is refused with the reason.</summary>
internal sealed class UnavailableDrillLauncher : IDrillLauncher
{
    public Task<DrillLaunchResult> LaunchAsync(string serviceId, DrillKind kind, string requestedBy, CancellationToken ct) =>
        Task.FromResult(DrillLaunchResult.Refused("drill execution is not available in this control plane (no IDrillLauncher registered)"));
}
