using Failover.Core.Agents;
using Failover.Core.Topology;
using Failover.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Failover.Core.Tests.Agents;

/// <summary>The ledger bounds an agent's lease from above on the monotonic clock: last send (or term start) + TTL + margin.</summary>
public class LeaseLedgerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 10, 1, 0, 0, TimeSpan.Zero));
    private readonly Estate _estate = SimEstate.Build(1);

    [Fact]
    public void NoGrantThisTerm_CountsAsLeasedUntilTermStartPlusTtlPlusMargin()
    {
        var ledger = new LeaseLedger(_estate, _time);

        _time.Advance(TimeSpan.FromMilliseconds(3999));
        ledger.IsExpired("ent-1", "ovh-sbg").Should().BeFalse("a previous leader may have granted just before this term began");
        ledger.ExpiredFor("ent-1", "ovh-sbg").Should().Be(TimeSpan.FromMilliseconds(-1));
        ledger.SinceLastGrant("ent-1", "ovh-sbg").Should().BeNull();

        _time.Advance(TimeSpan.FromMilliseconds(1));
        ledger.IsExpired("ent-1", "ovh-sbg").Should().BeTrue();
    }

    [Fact]
    public void Grant_ExpiresExactlyAtSendPlusTtlPlusMargin()
    {
        var ledger = new LeaseLedger(_estate, _time);
        _time.Advance(TimeSpan.FromSeconds(10));

        ledger.RecordGrant("ent-1", "ovh-sbg");
        _time.Advance(TimeSpan.FromMilliseconds(3999));

        ledger.IsExpired("ent-1", "ovh-sbg").Should().BeFalse();
        ledger.SinceLastGrant("ent-1", "ovh-sbg").Should().Be(TimeSpan.FromMilliseconds(3999));
        ledger.IsExpired("ent-1", "ovh-rbx").Should().BeTrue("another member's floor passed long ago");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        ledger.IsExpired("ent-1", "ovh-sbg").Should().BeTrue();
        _time.Advance(TimeSpan.FromSeconds(2));
        ledger.ExpiredFor("ent-1", "ovh-sbg").Should().Be(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void TheServicesPolicy_SetsTheBound()
    {
        var estate = _estate with { Policies = _estate.Policies.Select(p => p with { Lease = new LeasePolicy(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)) }).ToList() };
        var ledger = new LeaseLedger(estate, _time);
        ledger.RecordGrant("ent-1", "ovh-sbg");

        _time.Advance(TimeSpan.FromSeconds(6));
        ledger.IsExpired("ent-1", "ovh-sbg").Should().BeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));
        ledger.IsExpired("ent-1", "ovh-sbg").Should().BeTrue();
    }

    [Fact]
    public void ANewTerm_ForgetsTheGrantsOfTheLastOne_AndStartsItsOwnFloor()
    {
        var first = new LeaseLedger(_estate, _time);
        _time.Advance(TimeSpan.FromSeconds(30));
        first.RecordGrant("ent-1", "ovh-sbg");

        var second = new LeaseLedger(_estate, _time);
        _time.Advance(TimeSpan.FromSeconds(3));

        second.IsExpired("ent-1", "ovh-sbg").Should().BeFalse();
        second.IsExpired("ent-1", "scw-par").Should().BeFalse("the floor holds for every member, granted or not");
        second.SinceLastGrant("ent-1", "ovh-sbg").Should().BeNull();
    }
}
