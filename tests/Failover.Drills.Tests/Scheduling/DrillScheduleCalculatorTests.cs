using Failover.Core.Topology;
using Failover.Drills.Scheduling;
using Microsoft.Extensions.Time.Testing;
using static Failover.Drills.Tests.Scheduling.TestEstate;

namespace Failover.Drills.Tests.Scheduling;

public sealed class DrillScheduleCalculatorTests
{
    [Fact]
    public void Forecast_TuesdayTwoAmParis_FiresAtTwoLocalAcrossTheDaylightSavingChange()
    {
        var time = new FakeTimeProvider(ParisTime(2026, 3, 20, 12));
        var calculator = new DrillScheduleCalculator(With(Schedule("0 0 2 ? * TUE")), time);

        var forecast = calculator.Forecast(3).Single();

        forecast.Error.Should().BeNull();
        forecast.Times.Select(t => t.Utc).Should().Equal(
            new DateTimeOffset(2026, 3, 24, 1, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 31, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 4, 7, 0, 0, 0, TimeSpan.Zero));
        forecast.Times.Should().OnlyContain(t => t.Local.Hour == 2 && t.Local.DayOfWeek == DayOfWeek.Tuesday && t.Fires);
        forecast.Times[1].Local.Offset.Should().Be(TimeSpan.FromHours(2), "summer time started on 29 March 2026");
    }

    [Fact]
    public void Forecast_ExamWeekExcluded_ListsTheExcludedTuesdayWithItsCalendar()
    {
        var time = new FakeTimeProvider(ParisTime(2026, 6, 3, 12));
        var calculator = new DrillScheduleCalculator(With(Schedule("0 0 2 ? * TUE", "school-hours", "bac-2026")), time);

        var forecast = calculator.Forecast(2).Single();

        forecast.Times.Select(t => (t.Local.Date, t.Fires)).Should().Equal(
            (new DateTime(2026, 6, 9), true),
            (new DateTime(2026, 6, 16), false),
            (new DateTime(2026, 6, 23), true));
        forecast.Times[1].ExcludedBy.Should().Equal("bac-2026");
    }

    [Fact]
    public void Forecast_SchoolHours_ExcludeDaytimeFiringsOnly()
    {
        var time = new FakeTimeProvider(ParisTime(2026, 9, 7, 0, 30));
        var calculator = new DrillScheduleCalculator(With(Schedule("0 0 7,12,19 ? * MON", "school-hours")), time);

        var forecast = calculator.Forecast(2).Single();

        forecast.Times.Select(t => (t.Local.Hour, t.Fires)).Should().Equal((7, true), (12, false), (19, true));
        forecast.Times[1].ExcludedBy.Should().Equal("school-hours");
    }

    [Fact]
    public void Forecast_TimeExcludedByTwoCalendars_NamesBoth()
    {
        var time = new FakeTimeProvider(ParisTime(2026, 6, 14, 0));
        var calculator = new DrillScheduleCalculator(With(Schedule("0 0 12 ? * MON", "school-hours", "bac-2026", "weekends")), time);

        var forecast = calculator.Forecast(1).Single();

        forecast.Times[0].Local.Date.Should().Be(new DateTime(2026, 6, 15));
        forecast.Times[0].ExcludedBy.Should().Equal("school-hours", "bac-2026");
    }

    [Fact]
    public void Forecast_CronCalendarForWeekends_SkipsSaturdayAndSunday()
    {
        var time = new FakeTimeProvider(ParisTime(2026, 9, 4, 12));
        var calculator = new DrillScheduleCalculator(With(Schedule("0 30 3 * * ?", "weekends")), time);

        var forecast = calculator.Forecast(2).Single();

        forecast.Times.Select(t => (t.Local.DayOfWeek, t.Fires)).Should().Equal(
            (DayOfWeek.Saturday, false), (DayOfWeek.Sunday, false), (DayOfWeek.Monday, true), (DayOfWeek.Tuesday, true));
        forecast.Times[0].ExcludedBy.Should().Equal("weekends");
    }

    [Fact]
    public void Forecast_AlwaysExcluded_StopsWithoutFiringTimes()
    {
        var time = new FakeTimeProvider(ParisTime(2026, 9, 7, 0));
        var calculator = new DrillScheduleCalculator(With(Schedule("0 0 10 * * ?", "school-hours")), time);

        var forecast = calculator.Forecast(3).Single();

        forecast.Firing.Should().BeEmpty();
        forecast.Times.Should().HaveCount(DrillScheduleCalculator.MaxExcludedPerFiring);
    }

    [Fact]
    public void Forecast_AfterTimeAdvances_StartsFromTheNewNow()
    {
        var time = new FakeTimeProvider(ParisTime(2026, 5, 1, 12));
        var calculator = new DrillScheduleCalculator(With(Schedule("0 0 2 ? * TUE")), time);
        var first = calculator.Forecast(1).Single().Times[0].Utc;

        time.Advance(first - time.GetUtcNow());
        var atFire = calculator.Forecast(1).Single().Times[0].Utc;
        time.Advance(TimeSpan.FromSeconds(1));
        var after = calculator.Forecast(1).Single().Times[0].Utc;

        atFire.Should().Be(first + TimeSpan.FromDays(7), "the next fire time is strictly after now");
        after.Should().Be(first + TimeSpan.FromDays(7));
    }

    [Fact]
    public void Forecast_MalformedCron_IsAnErrorNotAnException()
    {
        var calculator = new DrillScheduleCalculator(With(Schedule("0 0 25 ? * TUE")), new FakeTimeProvider());

        var forecast = calculator.Forecast(1).Single();

        forecast.Error.Should().NotBeNullOrEmpty();
        forecast.Times.Should().BeEmpty();
    }

    [Fact]
    public void Forecast_SwitchoverDrill_IsMarkedWhenNoMaintenanceWindowIsOpen()
    {
        var time = new FakeTimeProvider(ParisTime(2026, 9, 1, 12));
        var estate = With(
            new DrillSchedule("inside", DrillKind.Switchover, "0 30 1 ? * TUE", Paris, []),
            new DrillSchedule("outside", DrillKind.Switchover, "0 30 1 ? * WED", Paris, []));

        var forecasts = new DrillScheduleCalculator(estate, time).Forecast(2);

        forecasts[0].Times.Should().HaveCount(2).And.OnlyContain(t => t.Fires);
        forecasts[1].Firing.Should().BeEmpty();
        forecasts[1].Times.Should().OnlyContain(t => t.OutsideMaintenanceWindow && t.ExcludedBy.Count == 0);
    }
}
