using System.Collections.Concurrent;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Core.Operations;
using Failover.Core.Topology;

namespace Failover.Core.Agents;

/// <summary>
/// Renews the write lease of each service's journaled primary through its site agent, every
/// <see cref="LeasePolicy.RenewEvery"/> (the caller's timer). It grants only while this instance leads and judges the
/// primary's site Healthy (not Suspect, Flapping, Down or Lost), so the lease runs out while a failure is being
/// detected. One exception: at a site that is Suspect, Flapping or not judged yet the agent is asked, and granted when it answers that its member is fenced
/// — an agent starts fenced, and a fence makes its site look Suspect until a grant lifts it; the ledger still bounds
/// any failover's wait. The old primary of a running failover is never granted; a promotion's target is
/// granted by the operation itself before it is promoted.
/// </summary>
public sealed class LeaseRenewer
{
    private readonly Estate _estate;
    private readonly ISiteAgents _agents;
    private readonly ILeadership _leadership;
    private readonly ConcurrentDictionary<(string Service, string Site), AgentReply> _replies = new();

    public LeaseRenewer(Estate estate, ISiteAgents agents, ILeadership leadership)
    {
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(leadership);
        _estate = estate;
        _agents = agents;
        _leadership = leadership;
    }

    /// <summary>The shortest renewal interval over the estate's policies: how often <see cref="RenewAsync"/> should run.</summary>
    public TimeSpan Interval => _estate.Policies.Select(p => p.Lease.RenewEvery).DefaultIfEmpty(LeasePolicy.Default.RenewEvery).Min();

    /// <summary>True when the member's site runs an agent.</summary>
    public bool Covers(string serviceId, string siteId) =>
        _estate.Services.FirstOrDefault(s => s.Id == serviceId) is { } service && _agents.Covers(Members.Of(_estate, service, siteId));

    /// <summary>What the member's agent last answered (a grant, or the status asked of a Suspect site), or null when it was never called.</summary>
    public AgentReply? LastReply(string serviceId, string siteId) => _replies.GetValueOrDefault((serviceId, siteId));

    /// <summary>One renewal round; the grants run concurrently. Returns the sites granted (service, site).</summary>
    public Task<IReadOnlyList<(string ServiceId, string SiteId)>> RenewAsync(
        LeaseLedger ledger, EngineSnapshot journaled, IReadOnlyDictionary<string, SiteVerdict> verdicts, CancellationToken cancellationToken) =>
        RenewAsync(ledger, journaled, verdicts, null, cancellationToken);

    /// <summary>
    /// One renewal round that also hands every agent's report to <paramref name="evidence"/> (the engine's observation
    /// cache, with the time on <paramref name="evidence"/>'s clock): an agent's view of its primary and of its replicas is
    /// evidence for the data-loss quote.
    /// </summary>
    public async Task<IReadOnlyList<(string ServiceId, string SiteId)>> RenewAsync(
        LeaseLedger ledger, EngineSnapshot journaled, IReadOnlyDictionary<string, SiteVerdict> verdicts, (ObservationCache Cache, TimeProvider Time)? evidence,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(journaled);
        ArgumentNullException.ThrowIfNull(verdicts);
        var active = journaled.Active;
        var term = _leadership.Current;
        if (!term.IsLeader || term.Lost.IsCancellationRequested)
        {
            return [];
        }

        var grants = new List<(string ServiceId, string SiteId, Task<(AgentReply Reply, bool Granted)> Reply)>();
        foreach (var state in journaled.States)
        {
            if (_estate.Services.FirstOrDefault(s => s.Id == state.ServiceId) is not { } service || !ShouldRenew(service, state, active, verdicts))
            {
                continue;
            }

            var member = Members.Of(_estate, service, state.PrimarySiteId);
            var grant = new LeaseGrant(state.Epoch, _estate.PolicyOf(service).Lease.Ttl, Primary: true, _leadership.Identity);
            var onlyIfFenced = verdicts[state.PrimarySiteId].State != HealthState.Healthy;
            grants.Add((service.Id, state.PrimarySiteId, onlyIfFenced
                ? GrantIfFencedAsync(ledger, member, grant, cancellationToken)
                : RecordAndGrantAsync(ledger, member, grant, cancellationToken)));
        }

        await Task.WhenAll(grants.Select(g => g.Reply));
        var granted = new List<(string ServiceId, string SiteId)>();
        foreach (var (serviceId, siteId, reply) in grants)
        {
            var (answer, sent) = await reply;
            _replies[(serviceId, siteId)] = answer;
            if (evidence is { } sink && answer.Status is { } status)
            {
                sink.Cache.Report(status, sink.Time.GetUtcNow());
            }

            if (sent)
            {
                granted.Add((serviceId, siteId));
            }
        }

        return granted;
    }

    private async Task<(AgentReply Reply, bool Granted)> RecordAndGrantAsync(
        LeaseLedger ledger, Replication.DatabaseMember member, LeaseGrant grant, CancellationToken cancellationToken)
    {
        ledger.RecordGrant(member.ServiceId, member.SiteId);
        return (await GrantAsync(member, grant, cancellationToken), true);
    }

    /// <summary>
    /// A primary's site that is not Healthy (Suspect, Flapping, Unknown): the agent is asked first, and granted only when it answers that it fenced its member
    /// (its own start, or a lease that ran out): what makes the site look Suspect is then the fence itself, and
    /// the grant is what lifts it. A member still writable at a Suspect site gets nothing, so its lease runs out.
    /// </summary>
    private async Task<(AgentReply Reply, bool Granted)> GrantIfFencedAsync(
        LeaseLedger ledger, Replication.DatabaseMember member, LeaseGrant grant, CancellationToken cancellationToken)
    {
        var status = await StatusAsync(member, grant.Epoch, cancellationToken);
        return status.Status is { Fenced: true } ? await RecordAndGrantAsync(ledger, member, grant, cancellationToken) : (status, false);
    }

    private async Task<AgentReply> StatusAsync(Replication.DatabaseMember member, Epoch epoch, CancellationToken cancellationToken)
    {
        try
        {
            return await _agents.StatusAsync(member, epoch, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return AgentReply.Failed(AgentFailure.Error, e.Message);
        }
    }

    private bool ShouldRenew(Service service, ServiceState state, IReadOnlyList<OperationRecord> active, IReadOnlyDictionary<string, SiteVerdict> verdicts)
    {
        var site = state.PrimarySiteId;
        if (!_agents.Covers(Members.Of(_estate, service, site)) || state.OperatorFenced.Contains(site) || state.MaybeWritableSites.Count > 0)
        {
            return false; // an operator's fence stands; another member may be writable until a reconcile proves otherwise
        }

        // A failover under way moves the writer away from a suspected primary: never extend that primary's lease (its
        // expiry is what lets the failover proceed). A planned switchover keeps renewing the primary until the database
        // step hands over, so the agent does not fence it halfway; either way the operation grants its target itself.
        if (active.Any(o => o.ServiceId == service.Id && o.Status == OperationStatus.Running && o.Kind == OperationKind.Failover && o.Plan.TargetSiteId != site))
        {
            return false;
        }

        if (!verdicts.TryGetValue(site, out var verdict))
        {
            return false; // nothing judged yet
        }

        return verdict.State switch
        {
            HealthState.Down or HealthState.Lost => false,
            _ => true, // Suspect, Flapping, Unknown: granted only if its agent answers that it fenced the member (GrantIfFencedAsync)
        };
    }

    private async Task<AgentReply> GrantAsync(Replication.DatabaseMember member, LeaseGrant grant, CancellationToken cancellationToken)
    {
        try
        {
            return await _agents.GrantLeaseAsync(member, grant, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return AgentReply.Failed(AgentFailure.Error, e.Message);
        }
    }
}
