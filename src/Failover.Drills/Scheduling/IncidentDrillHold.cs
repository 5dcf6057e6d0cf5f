using Failover.Core.Health;
using Failover.Core.Topology;

namespace Failover.Drills.Scheduling;

/// <summary>The drill hold of <see cref="DrillHold.FromIncidents"/>: held while a site of the service is not Healthy or an operation is active on it.</summary>
internal sealed class IncidentDrillHold : IDrillHold
{
    private readonly Estate _estate;
    private readonly Func<string, HealthState?> _siteState;
    private readonly Func<string, string?> _activeOperation;

    public IncidentDrillHold(Estate estate, Func<string, HealthState?> siteState, Func<string, string?> activeOperation)
    {
        _estate = estate;
        _siteState = siteState;
        _activeOperation = activeOperation;
    }

    public DrillHoldDecision Check(string serviceId)
    {
        if (_estate.Services.FirstOrDefault(s => s.Id == serviceId) is not { } service)
        {
            return DrillHoldDecision.Because($"service '{serviceId}' is not in the estate");
        }

        if (_activeOperation(serviceId) is { } operation)
        {
            return DrillHoldDecision.Because($"operation {operation} is active on {serviceId}");
        }

        foreach (var site in service.SiteIds)
        {
            var state = _siteState(site);
            if (state != HealthState.Healthy)
            {
                return DrillHoldDecision.Because($"site {site} is {(state is { } s ? s.ToString() : "without a verdict yet")}: drills are frozen during an incident");
            }
        }

        return DrillHoldDecision.Open;
    }
}
