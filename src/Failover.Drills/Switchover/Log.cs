using Microsoft.Extensions.Logging;

namespace Failover.Drills.Switchover;

internal static partial class Log
{
    [LoggerMessage(9301, LogLevel.Information, "Switchover drill {DrillId} of {ServiceId} started by {RequestedBy}: {Source} -> {Target} and back")]
    public static partial void Started(ILogger logger, string drillId, string serviceId, string requestedBy, string source, string target);

    [LoggerMessage(9302, LogLevel.Warning, "Switchover drill of {ServiceId} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string serviceId, string reason);

    [LoggerMessage(9303, LogLevel.Information, "Switchover drill {DrillId} ended {Status}: {Outcome}")]
    public static partial void Ended(ILogger logger, string drillId, string status, string outcome);

    [LoggerMessage(9304, LogLevel.Error, "Switchover drill {DrillId} crashed before its end was journaled; its completion reads as interrupted")]
    public static partial void Crashed(ILogger logger, Exception exception, string drillId);
}
