using Failover.Core.Health;
using Failover.Core.Topology;

namespace Failover.Drills.Scheduling;

/// <summary>Builds the drill freeze from the control plane's view of the estate.</summary>
public static class DrillFreeze
{
    /// <summary>
    /// Frozen while any site of the service is not <see cref="HealthState.Healthy"/> (Unknown included: no verdict yet is
    /// no proof of health) or <paramref name="activeOperation"/> names an operation running on the service.
    /// </summary>
    /// <param name="siteState">The current verdict of a site, null when none exists yet.</param>
    /// <param name="activeOperation">A description of the operation active on a service (e.g. "failover op-12"), or null.</param>
    public static IDrillFreeze FromIncidents(Estate estate, Func<string, HealthState?> siteState, Func<string, string?> activeOperation) =>
        new IncidentDrillFreeze(estate, siteState, activeOperation);

    /// <summary>Never frozen: for tools that only compute schedules.</summary>
    public static IDrillFreeze Never { get; } = new NeverFrozen();

    private sealed class NeverFrozen : IDrillFreeze
    {
        public DrillFreezeDecision Check(string serviceId) => DrillFreezeDecision.Open;
    }
}

internal sealed class IncidentDrillFreeze : IDrillFreeze
{
    private readonly Estate _estate;
    private readonly Func<string, HealthState?> _siteState;
    private readonly Func<string, string?> _activeOperation;

    public IncidentDrillFreeze(Estate estate, Func<string, HealthState?> siteState, Func<string, string?> activeOperation)
    {
        _estate = estate;
        _siteState = siteState;
        _activeOperation = activeOperation;
    }

    public DrillFreezeDecision Check(string serviceId)
    {
        if (_estate.Services.FirstOrDefault(s => s.Id == serviceId) is not { } service)
        {
            return DrillFreezeDecision.Because($"service '{serviceId}' is not in the estate");
        }

        if (_activeOperation(serviceId) is { } operation)
        {
            return DrillFreezeDecision.Because($"operation {operation} is active on {serviceId}");
        }

        foreach (var site in service.SiteIds)
        {
            var state = _siteState(site);
            if (state != HealthState.Healthy)
            {
                return DrillFreezeDecision.Because($"site {site} is {(state is { } s ? s.ToString() : "without a verdict yet")}: drills are frozen during an incident");
            }
        }

        return DrillFreezeDecision.Open;
    }
}
