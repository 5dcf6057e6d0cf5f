using Failover.ControlPlane.Hosting;
using Failover.Core.Topology;

namespace Failover.ControlPlane.Tests.Hosting;

/// <summary>
/// Every rule of <see cref="ObserverRole.Decide"/>, one row each. Observers are written <c>a,b*</c> (<c>*</c>: acts: true;
/// empty: the estate declares none); the expected refusal is the exact message <c>failover serve</c> prints.
/// </summary>
public sealed class ObserverRoleTableTests
{
    [Theory]
    // No observers: one implicit instance, acting unless told to observe only.
    [InlineData("", null, false, null, true, null)]
    [InlineData("", null, true, null, false, null)]
    [InlineData("", "x", false, null, false, "--observer 'x' is not one of the estate's observers ()")]
    // One observer: its id is implied.
    [InlineData("a", null, false, "a", true, null)]
    [InlineData("a*", null, false, "a", true, null)]
    [InlineData("a", "a", false, "a", true, null)]
    [InlineData("a", null, true, "a", false, null)]
    [InlineData("a", "b", false, null, false, "--observer 'b' is not one of the estate's observers (a)")]
    // Several observers: --observer is required and must be one of them.
    [InlineData("a,b*", null, false, null, false, "the estate declares 2 observers: say which one this instance is with --observer")]
    [InlineData("a,b*", null, true, null, false, "the estate declares 2 observers: say which one this instance is with --observer")]
    [InlineData("a,b*", "c", false, null, false, "--observer 'c' is not one of the estate's observers (a, b)")]
    // The acting observer acts; the others must observe only.
    [InlineData("a,b*", "b", false, "b", true, null)]
    [InlineData("a,b*", "a", false, null, false, "--observer a: the estate's acting observer is 'b' (acts: true); run this instance with --observe-only")]
    [InlineData("a,b*", "a", true, "a", false, null)]
    [InlineData("a,b*", "b", true, "b", false, null)]
    // Several observers and none acting: nobody may act.
    [InlineData("a,b", "a", false, null, false, "the estate declares several observers and none says acts: true: mark the one whose control plane acts, and run the others with --observe-only (two acting control planes could promote different standbys)")]
    [InlineData("a,b", "a", true, "a", false, null)]
    public void Decide_Row_GivesTheRoleOrTheRefusal(string observers, string? requested, bool observeOnly, string? expectedId, bool expectedActs, string? expectedRefusal)
    {
        var role = ObserverRole.Decide(Parse(observers), requested, observeOnly);

        role.Refusal.Should().Be(expectedRefusal);
        role.IsRefused.Should().Be(expectedRefusal is not null);
        if (expectedRefusal is null)
        {
            role.ObserverId.Should().Be(expectedId);
            role.Acts.Should().Be(expectedActs);
        }
    }

    private static List<Observer> Parse(string observers) =>
        [.. observers.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(o => new Observer(o.TrimEnd('*'), "fd-" + o.TrimEnd('*'), null) { Acts = o.EndsWith('*') })];
}
