namespace Failover.Drills.Scheduling;

/// <summary>
/// The drill freeze during a real incident: no scheduled drill starts while a site of the service is not Healthy or an
/// operation is active on it. The control plane implements it from its latest verdicts and active operations (see
/// <see cref="DrillFreeze.FromIncidents"/>).
/// </summary>
public interface IDrillFreeze
{
    DrillFreezeDecision Check(string serviceId);
}

/// <summary>Frozen with a reason a human can read, or open.</summary>
public sealed record DrillFreezeDecision(bool Frozen, string? Reason)
{
    public static readonly DrillFreezeDecision Open = new(false, null);

    public static DrillFreezeDecision Because(string reason) => new(true, reason);
}
