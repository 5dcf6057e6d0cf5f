namespace Failover.Core.Operations;

public static class OperationStatusExtensions
{
    /// <summary>True while the operation holds its service's single operation slot.</summary>
    public static bool IsActive(this OperationStatus status) =>
        status is OperationStatus.AwaitingApproval or OperationStatus.Queued or OperationStatus.Running;

    public static bool IsTerminal(this OperationStatus status) => !status.IsActive();

    /// <summary>True for kinds that promote a standby and therefore bump the epoch.</summary>
    public static bool Promotes(this OperationKind kind) =>
        kind is OperationKind.Failover or OperationKind.Switchover or OperationKind.Failback;
}
