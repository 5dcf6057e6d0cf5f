namespace Failover.Core.Operations;

/// <summary>Where an operation is in its life.</summary>
public enum OperationStatus
{
    AwaitingApproval,
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Refused,
    Expired,
}
