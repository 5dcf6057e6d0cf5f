using Failover.Drills.Scheduling;
using static Failover.Drills.Tests.Scheduling.TestEstate;

namespace Failover.Drills.Tests.Scheduling;

public sealed class DrillCalendarsTests
{
    [Theory]
    [InlineData(7, 59, 59, true)]
    [InlineData(8, 0, 0, false)]
    [InlineData(12, 0, 0, false)]
    [InlineData(17, 59, 59, false)]
    [InlineData(18, 0, 0, false)]
    [InlineData(18, 0, 1, true)]
    [InlineData(2, 0, 0, true)]
    public void SchoolHours_ExcludeEightToSixParisTimeInclusive(int hour, int minute, int second, bool included)
    {
        var calendar = DrillCalendars.Build(SchoolHours);
        var at = ParisTime(2026, 1, 13, hour, minute).AddSeconds(second);

        calendar.IsTimeIncluded(at).Should().Be(included);
    }

    [Theory]
    [InlineData(2026, 6, 14, 23, true)]
    [InlineData(2026, 6, 15, 0, false)]
    [InlineData(2026, 6, 19, 23, false)]
    [InlineData(2026, 6, 20, 0, true)]
    public void Bac_ExcludesWholeParisDays(int year, int month, int day, int hour, bool included)
    {
        var calendar = DrillCalendars.Build(Bac);

        calendar.IsTimeIncluded(ParisTime(year, month, day, hour)).Should().Be(included);
    }

    [Fact]
    public void Chain_NextIncludedTime_SkipsBothSchoolHoursAndTheExamWeek()
    {
        var chain = DrillCalendars.Chain(With().Drills, ["school-hours", "bac-2026"])!;

        var next = chain.GetNextIncludedTimeUtc(ParisTime(2026, 6, 15, 9));

        next.Should().Be(ParisTime(2026, 6, 20, 0));
    }
}
