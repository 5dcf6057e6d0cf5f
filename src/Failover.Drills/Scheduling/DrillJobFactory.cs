using Failover.Core.Drills;
using Microsoft.Extensions.Logging;
using Quartz;
using Quartz.Extensibility;

namespace Failover.Drills.Scheduling;

/// <summary>Gives each firing a <see cref="DrillJob"/> with the scheduler's collaborators.</summary>
internal sealed class DrillJobFactory : IJobFactory
{
    private readonly IDrillLauncher _launcher;
    private readonly IDrillFreeze _freeze;
    private readonly IMaintenanceWindows _windows;
    private readonly DrillFiringLog _firings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DrillJobFactory(IDrillLauncher launcher, IDrillFreeze freeze, IMaintenanceWindows windows, DrillFiringLog firings, TimeProvider time, ILogger logger)
    {
        _launcher = launcher;
        _freeze = freeze;
        _windows = windows;
        _firings = firings;
        _time = time;
        _logger = logger;
    }

    public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new JobScope(new DrillJob(_launcher, _freeze, _windows, _firings, _time, _logger), null!));

    public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
