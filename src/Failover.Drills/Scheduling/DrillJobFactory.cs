using Microsoft.Extensions.Logging;
using Quartz;
using Quartz.Extensibility;

namespace Failover.Drills.Scheduling;

/// <summary>Gives each firing the one <see cref="DrillJob"/> (it holds no state of its own between firings).</summary>
internal sealed class DrillJobFactory(IDrillLauncher launcher, IDrillHold hold, IMaintenanceWindows windows, DrillFiringLog firings, TimeProvider time, ILogger logger)
    : IJobFactory
{
    private readonly DrillJob _job = new(launcher, hold, windows, firings, time, logger);

    public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new JobScope(_job, null!));

    public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
