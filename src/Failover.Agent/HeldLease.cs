using Failover.Core.Agents;

namespace Failover.Agent;

/// <summary>A lease as received: the grant and the monotonic timestamp of its receipt (never the wall clock).</summary>
internal sealed record HeldLease(LeaseGrant Grant, long ReceivedAt)
{
    public TimeSpan Remaining(TimeProvider timeProvider)
    {
        var left = Grant.Ttl - timeProvider.GetElapsedTime(ReceivedAt);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>True while it is a primary lease and has not run out.</summary>
    public bool LetsWrite(TimeProvider timeProvider) => Grant.Primary && Remaining(timeProvider) > TimeSpan.Zero;
}
