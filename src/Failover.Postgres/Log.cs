using Failover.Core.Replication;
using Microsoft.Extensions.Logging;

namespace Failover.Postgres;

/// <summary>Log messages of the PostgreSQL adapter (EventIds 3000-3099). Never a password, never a connection string.</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Debug, "Observation of {Member} failed: {Failure} ({Detail})")]
    public static partial void ObservationFailed(ILogger logger, string member, ReplicationFailure failure, string detail);

    [LoggerMessage(3010, LogLevel.Warning, "Promotion of {Member} under epoch {Epoch} refused: {Failure} ({Detail})")]
    public static partial void PromotionRefused(ILogger logger, string member, long epoch, ReplicationFailure failure, string detail);

    [LoggerMessage(3011, LogLevel.Information, "Promoting {Member} under epoch {Epoch}")]
    public static partial void Promoting(ILogger logger, string member, long epoch);

    [LoggerMessage(3012, LogLevel.Information, "Promoted {Member} under epoch {Epoch} to timeline {Timeline} at {SwitchLsn}; estimated loss {LossBytes} bytes, took {DurationMs} ms")]
    public static partial void Promoted(ILogger logger, string member, long epoch, int timeline, string switchLsn, long? lossBytes, double durationMs);

    [LoggerMessage(3013, LogLevel.Error, "Promotion of {Member} under epoch {Epoch} failed: {Failure} ({Detail})")]
    public static partial void PromotionFailed(ILogger logger, string member, long epoch, ReplicationFailure failure, string detail);

    [LoggerMessage(3020, LogLevel.Information, "Fenced {Member} under epoch {Epoch} (already fenced: {Already}, sessions terminated: {Terminated})")]
    public static partial void Fenced(ILogger logger, string member, long epoch, bool already, int terminated);

    [LoggerMessage(3021, LogLevel.Information, "Unfenced {Member} under epoch {Epoch} (already unfenced: {Already})")]
    public static partial void Unfenced(ILogger logger, string member, long epoch, bool already);

    [LoggerMessage(3022, LogLevel.Warning, "{Action} of {Member} under epoch {Epoch} failed: {Failure} ({Detail})")]
    public static partial void FenceFailed(ILogger logger, string action, string member, long epoch, ReplicationFailure failure, string detail);

    [LoggerMessage(3030, LogLevel.Information, "Switchover {Primary} -> {Target} under epoch {Epoch}: primary fenced at final LSN {FinalLsn}")]
    public static partial void SwitchoverFenced(ILogger logger, string primary, string target, long epoch, string finalLsn);

    [LoggerMessage(3031, LogLevel.Warning, "Switchover {Primary} -> {Target} under epoch {Epoch} abandoned: {Failure} ({Detail}); old primary unfenced: {Unfenced}")]
    public static partial void SwitchoverAbandoned(ILogger logger, string primary, string target, long epoch, ReplicationFailure failure, string detail, bool unfenced);

    [LoggerMessage(3032, LogLevel.Information, "Switchover {Primary} -> {Target} under epoch {Epoch} completed in {DurationMs} ms")]
    public static partial void SwitchoverCompleted(ILogger logger, string primary, string target, long epoch, double durationMs);

    [LoggerMessage(3040, LogLevel.Information, "Rejoin of {DataDirectory}: {Step}")]
    public static partial void RejoinStep(ILogger logger, string dataDirectory, string step);

    [LoggerMessage(3041, LogLevel.Warning, "Rejoin of {DataDirectory}: pg_rewind failed ({Detail}); falling back to pg_basebackup")]
    public static partial void RewindFailed(ILogger logger, string dataDirectory, string detail);
}
