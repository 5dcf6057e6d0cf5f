using Failover.Core;
using Failover.Core.Agents;
using Microsoft.Extensions.Time.Testing;

namespace Failover.Agent.Tests;

public sealed class HeldLeaseTests
{
    [Theory]
    [InlineData(true, 0, true)]
    [InlineData(true, 2999, true)]
    [InlineData(true, 3000, false)]
    [InlineData(false, 0, false)]
    public void LetsWrite_OnlyAnUnexpiredPrimaryLease(bool primary, int elapsedMs, bool writes)
    {
        var time = new FakeTimeProvider();
        var lease = new HeldLease(new LeaseGrant(new Epoch(1), TimeSpan.FromSeconds(3), primary, "observer"), time.GetTimestamp());

        time.Advance(TimeSpan.FromMilliseconds(elapsedMs));

        lease.LetsWrite(time).Should().Be(writes);
        lease.Remaining(time).Should().Be(TimeSpan.FromMilliseconds(Math.Max(0, 3000 - elapsedMs)));
    }
}
