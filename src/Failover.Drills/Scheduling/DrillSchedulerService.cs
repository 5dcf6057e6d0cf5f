using Failover.Core.Topology;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;

namespace Failover.Drills.Scheduling;

/// <summary>
/// Runs the estate's drill schedules inside the control plane (<c>failover serve</c>): a Quartz scheduler with the
/// in-memory job store (nothing to persist: the schedules come from the estate file, and a missed firing is skipped),
/// one cron trigger per schedule with its calendars chained, and <see cref="DrillJob"/> behind each.
/// A hosted service (registered by <see cref="DrillSchedulingServiceCollectionExtensions.AddDrillScheduling"/>), or started
/// and stopped by hand; it stays off when the estate has no schedule.
/// </summary>
public sealed class DrillSchedulerService : IHostedService, IAsyncDisposable
{
    private readonly Estate _estate;
    private readonly IDrillLauncher _launcher;
    private readonly IDrillHold _hold;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private StandaloneSchedulerFactory? _factory;
    private IScheduler? _scheduler;

    public DrillSchedulerService(Estate estate, IDrillLauncher launcher, IDrillHold hold, TimeProvider time, ILoggerFactory? loggers = null)
    {
        _estate = estate;
        _launcher = launcher;
        _hold = hold;
        _time = time;
        _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("Failover.Drills.Scheduling");
    }

    /// <summary>What the schedules did when they fired (newest last).</summary>
    public DrillFiringLog Firings { get; } = new();

    public bool IsRunning => _scheduler is not null;

    public static bool HasSchedules(Estate estate) => estate.Services.Any(s => s.Drills.Schedules.Count > 0);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is not null)
        {
            return;
        }

        if (!HasSchedules(_estate))
        {
            Log.NoSchedules(_logger);
            return;
        }

        var jobs = new DrillJobFactory(_launcher, _hold, new EstateMaintenanceWindows(_estate), Firings, _time, _logger);
        _factory = QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = "failover-drills");
            q.UseInMemoryStore(_ => { });
            q.UseDefaultThreadPool(2);
            q.UseJobFactory(jobs);
            q.UseTimeProvider(_time);
        }).Build();
        var scheduler = await _factory.GetScheduler(cancellationToken);
        var calculator = new DrillScheduleCalculator(_estate, _time);
        var count = 0;
        foreach (var service in _estate.Services)
        {
            foreach (var schedule in service.Drills.Schedules)
            {
                string? calendarName = null;
                if (DrillCalendars.Chain(_estate.Drills, schedule.ExcludeCalendarIds) is { } calendar)
                {
                    calendarName = DrillTriggers.CalendarName(service, schedule);
                    await scheduler.AddCalendar(calendarName, calendar, default, cancellationToken);
                }

                await scheduler.ScheduleJob(DrillTriggers.Job(service, schedule), DrillTriggers.Trigger(service, schedule, calendarName, _time), default, cancellationToken);
                var next = calculator.NextFire(service, schedule);
                Log.NextFire(_logger, schedule.Kind, service.Id, schedule.Id, next);
                count++;
            }
        }

        await scheduler.Start(cancellationToken);
        _scheduler = scheduler;
        Log.SchedulerStarted(_logger, count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is { } scheduler)
        {
            _scheduler = null;
            await scheduler.Shutdown(true, cancellationToken);
            Log.SchedulerStopped(_logger);
        }

        if (_factory is { } factory)
        {
            _factory = null;
            await factory.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
