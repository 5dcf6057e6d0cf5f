using Failover.Core;
using Failover.Core.Agents;
using Failover.Core.Replication;

namespace Failover.Testing;

/// <summary>
/// A site-agent seam for Core tests: records every call, answers from <see cref="Reply"/> (or passes to an inner seam,
/// such as the simulation's agents), and refuses the sites in <see cref="Refusing"/>.
/// </summary>
public sealed class ScriptedSiteAgents(ISiteAgents? inner = null) : ISiteAgents
{
    private readonly Lock _gate = new();

    /// <summary>The sites covered when there is no inner seam.</summary>
    public HashSet<string> Covered { get; } = new(StringComparer.Ordinal);

    /// <summary>Sites whose agent answers every call with <see cref="AgentFailure.Refused"/>.</summary>
    public HashSet<string> Refusing { get; } = new(StringComparer.Ordinal);

    /// <summary>The answer when there is no inner seam; default: answered, not fenced, at the call's epoch.</summary>
    public Func<DatabaseMember, Epoch, AgentReply> Reply { get; set; } = (member, epoch) => AgentReply.Answered(Status(member, epoch, fenced: false));

    /// <summary>Called as each grant arrives, before it is answered (to capture the world at that moment).</summary>
    public Action<DatabaseMember, LeaseGrant>? OnGrant { get; set; }

    private readonly List<(DatabaseMember Member, LeaseGrant Grant)> _grants = [];
    private readonly List<(DatabaseMember Member, Epoch Epoch)> _fences = [];

    /// <summary>The grants so far, in order (a copy: the control loop may be adding to them).</summary>
    public IReadOnlyList<(DatabaseMember Member, LeaseGrant Grant)> Grants
    {
        get
        {
            lock (_gate)
            {
                return [.. _grants];
            }
        }
    }

    /// <summary>The fences asked so far, in order.</summary>
    public IReadOnlyList<(DatabaseMember Member, Epoch Epoch)> Fences
    {
        get
        {
            lock (_gate)
            {
                return [.. _fences];
            }
        }
    }

    public bool Covers(DatabaseMember member) => inner?.Covers(member) ?? Covered.Contains(member.SiteId);

    public Task<AgentReply> GrantLeaseAsync(DatabaseMember member, LeaseGrant grant, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _grants.Add((member, grant));
        }

        OnGrant?.Invoke(member, grant);
        return Answer(member, grant.Epoch, () => inner!.GrantLeaseAsync(member, grant, cancellationToken));
    }

    public Task<AgentReply> FenceAsync(DatabaseMember member, Epoch epoch, string reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _fences.Add((member, epoch));
        }

        return Answer(member, epoch, () => inner!.FenceAsync(member, epoch, reason, cancellationToken));
    }

    public Task<AgentReply> StatusAsync(DatabaseMember member, Epoch epoch, CancellationToken cancellationToken) =>
        Answer(member, epoch, () => inner!.StatusAsync(member, epoch, cancellationToken));

    /// <summary>An agent's report on <paramref name="member"/> at <paramref name="epoch"/>.</summary>
    public static AgentStatus Status(DatabaseMember member, Epoch epoch, bool fenced) =>
        new(member.ServiceId, member.SiteId, epoch, null, fenced, ServerRunning: true, AgentMemberView.Down with { Role = DatabaseRole.Primary }, [], DateTimeOffset.UnixEpoch);

    private Task<AgentReply> Answer(DatabaseMember member, Epoch epoch, Func<Task<AgentReply>> passOn)
    {
        if (Refusing.Contains(member.SiteId))
        {
            return Task.FromResult(AgentReply.Failed(AgentFailure.Refused, $"agent of {member.SiteId} refuses (scripted)"));
        }

        return inner is null ? Task.FromResult(Reply(member, epoch)) : passOn();
    }
}
