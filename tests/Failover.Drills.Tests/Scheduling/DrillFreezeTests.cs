using Failover.Core.Health;
using Failover.Drills.Scheduling;
using static Failover.Drills.Tests.Scheduling.TestEstate;

namespace Failover.Drills.Tests.Scheduling;

public sealed class DrillFreezeTests
{
    [Fact]
    public void Check_AllSitesHealthyAndNoOperation_IsOpen()
    {
        var freeze = DrillFreeze.FromIncidents(With(), _ => HealthState.Healthy, _ => null);

        freeze.Check("ent-grand-est").Should().Be(DrillFreezeDecision.Open);
    }

    [Theory]
    [InlineData(HealthState.Suspect)]
    [InlineData(HealthState.Down)]
    [InlineData(HealthState.Lost)]
    [InlineData(HealthState.Flapping)]
    [InlineData(HealthState.Unknown)]
    public void Check_StandbySiteNotHealthy_IsFrozen(HealthState state)
    {
        var freeze = DrillFreeze.FromIncidents(With(), site => site == "ovh-rbx" ? state : HealthState.Healthy, _ => null);

        var decision = freeze.Check("ent-grand-est");

        decision.Frozen.Should().BeTrue();
        decision.Reason.Should().Contain("ovh-rbx").And.Contain(state.ToString());
    }

    [Fact]
    public void Check_NoVerdictYet_IsFrozen()
    {
        var freeze = DrillFreeze.FromIncidents(With(), _ => null, _ => null);

        freeze.Check("ent-grand-est").Frozen.Should().BeTrue("no verdict is no proof of health");
    }

    [Fact]
    public void Check_OperationActive_IsFrozen()
    {
        var freeze = DrillFreeze.FromIncidents(With(), _ => HealthState.Healthy, s => s == "ent-grand-est" ? "failover op-12" : null);

        freeze.Check("ent-grand-est").Reason.Should().Contain("failover op-12");
    }
}
