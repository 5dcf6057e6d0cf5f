using Failover.Core.Topology;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Failover.Drills.Scheduling;

/// <summary>
/// What a drill schedule's trigger runs: unless the drill hold is in force (a site of the service is not Healthy or an
/// operation is active) or a switchover drill falls outside the service's maintenance windows, ask the launcher for the
/// drill (which checks again: this is defence in depth). A refusal or a failure is logged and recorded, never thrown.
/// </summary>
internal sealed class DrillJob : IJob
{
    private readonly IDrillLauncher _launcher;
    private readonly IDrillHold _hold;
    private readonly IMaintenanceWindows _windows;
    private readonly DrillFiringLog _firings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DrillJob(IDrillLauncher launcher, IDrillHold hold, IMaintenanceWindows windows, DrillFiringLog firings, TimeProvider time, ILogger logger)
    {
        _launcher = launcher;
        _hold = hold;
        _windows = windows;
        _firings = firings;
        _time = time;
        _logger = logger;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var serviceId = data.GetString(DrillTriggers.ServiceKey) ?? "";
        var scheduleId = data.GetString(DrillTriggers.ScheduleKey) ?? "";
        var kind = DrillTriggers.Kind(data.GetString(DrillTriggers.KindKey) ?? "");
        var at = _time.GetUtcNow();
        var scheduledFor = context.ScheduledFireTimeUtc;
        var hold = _hold.Check(serviceId);
        if (hold.Held)
        {
            Log.DrillHeld(_logger, serviceId, scheduleId, hold.Reason ?? "");
            _firings.Add(new DrillFiring(serviceId, scheduleId, kind, at, DrillFiringOutcome.Frozen, null, hold.Reason, scheduledFor));
            return;
        }

        if (kind == DrillKind.Switchover && _windows.OpenAt(serviceId, at) is null)
        {
            const string Reason = "a switchover drill runs only inside a maintenance window, and none of the service's is open";
            Log.DrillRefused(_logger, serviceId, scheduleId, Reason);
            _firings.Add(new DrillFiring(serviceId, scheduleId, kind, at, DrillFiringOutcome.Refused, null, Reason, scheduledFor));
            return;
        }

        try
        {
            var result = await _launcher.LaunchAsync(serviceId, kind, $"schedule:{serviceId}/{scheduleId}", cancellationToken);
            if (result.Started)
            {
                Log.DrillLaunched(_logger, serviceId, scheduleId, kind, result.DrillId ?? "");
                _firings.Add(new DrillFiring(serviceId, scheduleId, kind, at, DrillFiringOutcome.Started, result.DrillId, null, scheduledFor));
            }
            else
            {
                Log.DrillRefused(_logger, serviceId, scheduleId, result.Reason ?? "");
                _firings.Add(new DrillFiring(serviceId, scheduleId, kind, at, DrillFiringOutcome.Refused, null, result.Reason, scheduledFor));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failed launch is a result to log; it must not unschedule the trigger or kill the scheduler.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.DrillLaunchFailed(_logger, e, serviceId, scheduleId);
            _firings.Add(new DrillFiring(serviceId, scheduleId, kind, at, DrillFiringOutcome.Failed, null, e.Message, scheduledFor));
        }
    }
}
