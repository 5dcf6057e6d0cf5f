using Failover.Core.Health;
using Failover.Core.Topology;

namespace Failover.Drills.Scheduling;

/// <summary>Builds the drill hold from the control plane's view of the estate.</summary>
public static class DrillHold
{
    /// <summary>
    /// Held while any site of the service is not <see cref="HealthState.Healthy"/> (Unknown included: no verdict yet is
    /// no proof of health) or <paramref name="activeOperation"/> names an operation running on the service.
    /// </summary>
    /// <param name="siteState">The current verdict of a site, null when none exists yet.</param>
    /// <param name="activeOperation">A description of the operation active on a service (e.g. "failover op-12"), or null.</param>
    public static IDrillHold FromIncidents(Estate estate, Func<string, HealthState?> siteState, Func<string, string?> activeOperation) =>
        new IncidentDrillHold(estate, siteState, activeOperation);

    /// <summary>Never held: for tools that only compute schedules.</summary>
    public static IDrillHold Never { get; } = new NeverHeld();

    private sealed class NeverHeld : IDrillHold
    {
        public DrillHoldDecision Check(string serviceId) => DrillHoldDecision.Open;
    }
}
