using Failover.Core.Health;
using Failover.Drills.Scheduling;
using static Failover.Drills.Tests.Scheduling.TestEstate;

namespace Failover.Drills.Tests.Scheduling;

public sealed class DrillHoldTests
{
    [Fact]
    public void Check_AllSitesHealthyAndNoOperation_IsOpen()
    {
        var hold = DrillHold.FromIncidents(With(), _ => HealthState.Healthy, _ => null);

        hold.Check("ent-grand-est").Should().Be(DrillHoldDecision.Open);
    }

    [Theory]
    [InlineData(HealthState.Suspect)]
    [InlineData(HealthState.Down)]
    [InlineData(HealthState.Lost)]
    [InlineData(HealthState.Flapping)]
    [InlineData(HealthState.Unknown)]
    public void Check_StandbySiteNotHealthy_IsHeld(HealthState state)
    {
        var hold = DrillHold.FromIncidents(With(), site => site == "ovh-rbx" ? state : HealthState.Healthy, _ => null);

        var decision = hold.Check("ent-grand-est");

        decision.Held.Should().BeTrue();
        decision.Reason.Should().Contain("ovh-rbx").And.Contain(state.ToString());
    }

    [Fact]
    public void Check_NoVerdictYet_IsHeld()
    {
        var hold = DrillHold.FromIncidents(With(), _ => null, _ => null);

        hold.Check("ent-grand-est").Held.Should().BeTrue("no verdict is no proof of health");
    }

    [Fact]
    public void Check_OperationActive_IsHeld()
    {
        var hold = DrillHold.FromIncidents(With(), _ => HealthState.Healthy, s => s == "ent-grand-est" ? "failover op-12" : null);

        hold.Check("ent-grand-est").Reason.Should().Contain("failover op-12");
    }
}
