namespace Failover.Drills.Scheduling;

/// <summary>
/// The drill hold during a real incident: no scheduled drill starts while a site of the service is not Healthy or an
/// operation is active on it. The control plane implements it from its latest verdicts and active operations (see
/// <see cref="DrillHold.FromIncidents"/>).
/// </summary>
public interface IDrillHold
{
    DrillHoldDecision Check(string serviceId);
}
