using Failover.Configuration;
using Failover.Core.Topology;
using Failover.Drills.Scheduling;

namespace Failover.Lab.Tests.Drills;

public sealed class LabEstateDrillsTests
{
    [Theory]
    [InlineData("2026-11-28T19:00:00Z")]
    [InlineData("2026-11-28T19:00:59.999Z")]
    [InlineData("2027-03-09T02:17:31Z")]
    public void LabEstate_MaintenanceWindow_IsAlwaysOpen(string at)
    {
        var estate = EstateLoader.Load(new LabLayout("/tmp/lab").EstateYaml()).Estate!;

        var window = DrillScheduling.MaintenanceWindows(estate).OpenAt(LabLayout.ServiceId, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));

        window.Should().NotBeNull("the lab's switchover drills may run at any time");
        window!.Name.Should().Be("lab-always-open");
    }

    [Fact]
    public void LabEstate_HasAWeeklyIsolatedDrillSchedule()
    {
        var result = EstateLoader.Load(new LabLayout("/tmp/lab").EstateYaml());

        result.Diagnostics.Should().BeEmpty();
        result.Estate!.Service(LabLayout.ServiceId).Drills.Schedules.Should().ContainSingle(s => s.Kind == DrillKind.Isolated && s.Id == "weekly-isolated");
    }
}
