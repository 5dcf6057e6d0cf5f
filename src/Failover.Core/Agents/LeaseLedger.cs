using Failover.Core.Topology;

namespace Failover.Core.Agents;

/// <summary>
/// When this control plane sent its last <c>Primary</c> grant to each member's agent, on its monotonic clock
/// (<see cref="TimeProvider.GetTimestamp"/>). The agent's TTL starts at receipt, later than the send, so sent + TTL +
/// drift margin bounds the agent's expiry from above. Grants of a previous leader are unknown: every member counts as
/// possibly leased until the start of this instance's term + TTL + margin. A verdict's time never enters here.
/// </summary>
public sealed class LeaseLedger
{
    private readonly Estate _estate;
    private readonly TimeProvider _time;
    private readonly Dictionary<(string Service, string Site), long> _sent = [];
    private readonly Lock _lock = new();

    /// <summary>Starts the ledger of a leadership term: the floor is now.</summary>
    public LeaseLedger(Estate estate, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(time);
        _estate = estate;
        _time = time;
        TermStart = time.GetTimestamp();
    }

    /// <summary>The monotonic timestamp at which this term started (the floor of every bound).</summary>
    public long TermStart { get; }

    /// <summary>Records that a <c>Primary</c> grant is about to be sent: call before the call, whatever it answers.</summary>
    public void RecordGrant(string serviceId, string siteId)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            _sent[(serviceId, siteId)] = now;
        }
    }

    /// <summary>How long ago the last <c>Primary</c> grant of this term was sent, or null when none was.</summary>
    public TimeSpan? SinceLastGrant(string serviceId, string siteId)
    {
        lock (_lock)
        {
            return _sent.TryGetValue((serviceId, siteId), out var sent) ? _time.GetElapsedTime(sent) : null;
        }
    }

    /// <summary>The lease policy of <paramref name="serviceId"/>.</summary>
    public LeasePolicy PolicyOf(string serviceId) => _estate.PolicyOf(_estate.Service(serviceId)).Lease;

    /// <summary>
    /// How long ago the member's possible lease ran out (last grant or term start, + TTL + margin); negative while it
    /// may still hold: its magnitude is then the time left.
    /// </summary>
    public TimeSpan ExpiredFor(string serviceId, string siteId)
    {
        long from;
        lock (_lock)
        {
            from = _sent.TryGetValue((serviceId, siteId), out var sent) ? Math.Max(sent, TermStart) : TermStart;
        }

        var policy = PolicyOf(serviceId);
        return _time.GetElapsedTime(from) - (policy.Ttl + policy.DriftMargin);
    }

    /// <summary>True once the member's agent must have fenced it if it lost the lease (see <see cref="ExpiredFor"/>).</summary>
    public bool IsExpired(string serviceId, string siteId) => ExpiredFor(serviceId, siteId) >= TimeSpan.Zero;
}
