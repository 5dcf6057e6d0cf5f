using Microsoft.Extensions.Logging;

namespace Failover.Core.Engine;

public sealed partial class FailoverEngine
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Operation {OperationId} ({Kind} of {ServiceId}, {Source} -> {Target}) requested by {RequestedBy}: {Status}")]
        public static partial void Requested(ILogger logger, string operationId, Operations.OperationKind kind, string serviceId, string source, string target, string requestedBy, Operations.OperationStatus status);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Request {Kind} of {ServiceId} by {RequestedBy} refused: {Reason}")]
        public static partial void Refused(ILogger logger, Operations.OperationKind kind, string serviceId, string requestedBy, string reason);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Operation {OperationId} of {ServiceId} needs approval: {Reason}")]
        public static partial void ApprovalNeeded(ILogger logger, string operationId, string serviceId, string reason);

        [LoggerMessage(EventId = 6004, Level = LogLevel.Critical, Message = "FORCED failover {OperationId} of {ServiceId} by {RequestedBy} past the RPO budget: {Quote}")]
        public static partial void Forced(ILogger logger, string operationId, string serviceId, string requestedBy, Operations.DataLossQuote quote);

        [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Operation {OperationId} step {Step}: {Result} ({Detail})")]
        public static partial void Step(ILogger logger, string operationId, string step, Operations.StepResult result, string detail);

        [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Operation {OperationId} step {Step} refused: stale epoch ({Detail})")]
        public static partial void StaleEpoch(ILogger logger, string operationId, string step, string detail);

        [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Operation {OperationId} ({Kind} of {ServiceId}) succeeded; RTO {Rto}, data loss {DataLossBytes} bytes")]
        public static partial void Succeeded(ILogger logger, string operationId, Operations.OperationKind kind, string serviceId, TimeSpan? rto, long? dataLossBytes);

        [LoggerMessage(EventId = 6008, Level = LogLevel.Error, Message = "Operation {OperationId} ({Kind} of {ServiceId}) ended {Status}: {Reason}")]
        public static partial void Ended(ILogger logger, string operationId, Operations.OperationKind kind, string serviceId, Operations.OperationStatus status, string reason);

        [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "Resuming operation {OperationId} ({Kind} of {ServiceId}) at step {NextStep} after a restart")]
        public static partial void Resumed(ILogger logger, string operationId, Operations.OperationKind kind, string serviceId, int nextStep);

        [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Automatic {Kind} of {ServiceId} held: {Reason}")]
        public static partial void Held(ILogger logger, Operations.OperationKind kind, string serviceId, string reason);

        [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "Operation {OperationId} approved by {Approver}")]
        public static partial void Approved(ILogger logger, string operationId, string approver);

        [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "Approval of {OperationId} by {Approver} refused: {Reason}")]
        public static partial void ApprovalRefused(ILogger logger, string operationId, string approver, string reason);
    

        [LoggerMessage(EventId = 6013, Level = LogLevel.Warning, Message = "Operation {OperationId} stopped ({Status}: {Reason}); running {Step} before it ends")]
        public static partial void CleanupScheduled(ILogger logger, string operationId, string step, Operations.OperationStatus status, string reason);
    }
}
