using Microsoft.Extensions.Logging;

namespace Failover.Agent;

/// <summary>Log messages of the site agent (EventIds 7000-7099). Never a password.</summary>
internal static partial class Log
{
    [LoggerMessage(7001, LogLevel.Warning, "The data directory had no standby.signal (it was a primary): starting fenced, as a standby, until a primary lease arrives")]
    public static partial void StartingFenced(ILogger logger);

    [LoggerMessage(7002, LogLevel.Information, "Postmaster started (pid {Pid}) as {Role}")]
    public static partial void ServerStarted(ILogger logger, int? pid, string role);

    [LoggerMessage(7003, LogLevel.Warning, "The postmaster exited without being stopped by the agent; starting it again")]
    public static partial void ServerExited(ILogger logger);

    [LoggerMessage(7010, LogLevel.Information, "Lease under epoch {Epoch} from {Holder}: primary {Primary}, ttl {TtlMs} ms")]
    public static partial void LeaseGranted(ILogger logger, long epoch, string holder, bool primary, double ttlMs);

    [LoggerMessage(7011, LogLevel.Warning, "Refused epoch {Given}: this agent has seen {Highest}")]
    public static partial void StaleEpoch(ILogger logger, long given, long highest);

    [LoggerMessage(7012, LogLevel.Warning, "Unfencing under epoch {Epoch}: standby.signal removed, the postmaster restarts as primary")]
    public static partial void Unfencing(ILogger logger, long epoch);

    [LoggerMessage(7020, LogLevel.Warning, "Fenced ({Reason}): the postmaster was down {DownMs} ms after the fence began; {Detail}")]
    public static partial void Fenced(ILogger logger, string reason, double downMs, string detail);

    [LoggerMessage(7030, LogLevel.Information, "Rebuild under epoch {Epoch} from {Primary}: {Detail}")]
    public static partial void Rebuilt(ILogger logger, long epoch, string primary, string detail);

    [LoggerMessage(7040, LogLevel.Information, "Stopping: fast shutdown of the postmaster")]
    public static partial void Stopping(ILogger logger);
}
