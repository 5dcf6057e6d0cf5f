using Failover.Core.Agents;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Core.Traffic;

namespace Failover.Core.Operations;

/// <summary>Everything a step may read or drive. Steps are stateless; all their state is here and in the journal.</summary>
public sealed class StepContext
{
    public StepContext(
        OperationRecord operation,
        Estate estate,
        ServiceState state,
        EngineSeams seams,
        ObservationCache observations,
        IReadOnlyDictionary<string, SiteVerdict> verdicts,
        EngineOptions options,
        TimeProvider time,
        LeaseLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(seams);
        Operation = operation;
        Estate = estate;
        State = state;
        Seams = seams;
        Observations = observations;
        Verdicts = verdicts;
        Options = options;
        Time = time;
        Ledger = ledger;
        Service = estate.Service(operation.ServiceId);
    }

    public OperationRecord Operation { get; }

    public Estate Estate { get; }

    public Service Service { get; }

    public ServiceState State { get; }

    public EngineSeams Seams { get; }

    public ObservationCache Observations { get; }

    public IReadOnlyDictionary<string, SiteVerdict> Verdicts { get; }

    public EngineOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>When this term last granted each member's write lease: bounds how long an unreachable member may write.</summary>
    public LeaseLedger Ledger { get; }

    public ISiteAgents Agents => Seams.Agents;

    public DateTimeOffset Now => Time.GetUtcNow();

    public DatabaseMember Member(string siteId) => Members.Of(Estate, Service, siteId);

    /// <summary>A member's observation within <see cref="EngineOptions.ObservationTimeout"/> (a cut-off member never holds a step up longer).</summary>
    public Task<MemberObservation> ObserveAsync(DatabaseMember member, CancellationToken cancellationToken) =>
        BoundedObservation.ObserveAsync(Seams.Replication, member, Options.ObservationTimeout, Time, cancellationToken);

    /// <summary>
    /// True when the site runs an agent for the member and the quorum judges it Down or Lost: the observers reach none of
    /// its witnesses (the agent among them), so a call to it would only wait for its timeout.
    /// </summary>
    public bool CutOff(string siteId) =>
        Agents.Covers(Member(siteId))
        && Verdicts.TryGetValue(siteId, out var verdict)
        && verdict.State is Health.HealthState.Down or Health.HealthState.Lost;

    /// <summary>
    /// True when the site is cut off (<see cref="CutOff"/>) and its agent's lease has run out by this term's ledger: its
    /// agent has fenced the member (and run the application stop), so a step need not wait on calls that the cut would swallow.
    /// </summary>
    public bool CutOffWithExpiredLease(string siteId) => CutOff(siteId) && Ledger.IsExpired(Service.Id, siteId);

    public TrafficRoute Route => new(Service.Id, Service.Traffic.RouterId, Service.Traffic.DnsName);

    public ITrafficRouter? Router
    {
        get
        {
            var kind = Estate.RouterOf(Service).Kind;
            return Seams.Routers.FirstOrDefault(r => r.Kind == kind);
        }
    }
}
