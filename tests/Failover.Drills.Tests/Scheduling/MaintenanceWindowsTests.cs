using Failover.Drills.Scheduling;
using static Failover.Drills.Tests.Scheduling.TestEstate;

namespace Failover.Drills.Tests.Scheduling;

public sealed class MaintenanceWindowsTests
{
    [Theory]
    [InlineData(2026, 6, 2, 1, 0, true)]
    [InlineData(2026, 6, 2, 2, 30, true)]
    [InlineData(2026, 6, 2, 4, 59, true)]
    [InlineData(2026, 6, 2, 5, 0, false)]
    [InlineData(2026, 6, 2, 0, 59, false)]
    [InlineData(2026, 6, 3, 2, 0, false)]
    public void OpenAt_TuesdayNightWindow_OpenFromOneToFiveParisTime(int year, int month, int day, int hour, int minute, bool open)
    {
        var windows = DrillScheduling.MaintenanceWindows(With(Schedule("0 0 2 ? * TUE")));

        var window = windows.OpenAt("ent-grand-est", ParisTime(year, month, day, hour, minute));

        if (open)
        {
            window.Should().NotBeNull();
            window!.Name.Should().Be("tuesday-night");
            window.Start.Should().Be(ParisTime(2026, 6, 2, 1));
            window.End.Should().Be(ParisTime(2026, 6, 2, 5));
            window.Start.Offset.Should().Be(TimeSpan.FromHours(2), "the window is shown in its own time zone");
        }
        else
        {
            window.Should().BeNull();
        }
    }

    [Fact]
    public void OpenAt_ServiceWithoutWindows_IsNeverOpen()
    {
        var windows = DrillScheduling.MaintenanceWindows(With([Schedule("0 0 2 ? * TUE")], []));

        windows.OpenAt("ent-grand-est", ParisTime(2026, 6, 2, 2)).Should().BeNull();
        windows.OpenAt("no-such-service", ParisTime(2026, 6, 2, 2)).Should().BeNull();
    }
}
