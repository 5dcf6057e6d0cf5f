using Failover.Core.Topology;
using Microsoft.Extensions.Logging;

namespace Failover.Drills.Scheduling;

internal static partial class Log
{
    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Scheduled {Kind} drill of {ServiceId} ({ScheduleId}) started as {DrillId}")]
    public static partial void DrillLaunched(ILogger logger, string serviceId, string scheduleId, DrillKind kind, string drillId);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Scheduled drill of {ServiceId} ({ScheduleId}) refused: {Reason}")]
    public static partial void DrillRefused(ILogger logger, string serviceId, string scheduleId, string reason);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "Scheduled drill of {ServiceId} ({ScheduleId}) skipped, drills are frozen: {Reason}")]
    public static partial void DrillHeld(ILogger logger, string serviceId, string scheduleId, string reason);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Error, Message = "Scheduled drill of {ServiceId} ({ScheduleId}) could not be launched")]
    public static partial void DrillLaunchFailed(ILogger logger, Exception exception, string serviceId, string scheduleId);

    [LoggerMessage(EventId = 9105, Level = LogLevel.Information, Message = "Drill scheduler started with {Count} schedules")]
    public static partial void SchedulerStarted(ILogger logger, int count);

    [LoggerMessage(EventId = 9106, Level = LogLevel.Information, Message = "No drill schedule in the estate: the drill scheduler stays off")]
    public static partial void NoSchedules(ILogger logger);

    [LoggerMessage(EventId = 9107, Level = LogLevel.Information, Message = "Drill scheduler stopped")]
    public static partial void SchedulerStopped(ILogger logger);

    [LoggerMessage(EventId = 9108, Level = LogLevel.Information, Message = "Next {Kind} drill of {ServiceId} ({ScheduleId}): {NextFire}")]
    public static partial void NextFire(ILogger logger, DrillKind kind, string serviceId, string scheduleId, DateTimeOffset? nextFire);
}
