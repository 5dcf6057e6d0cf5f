namespace Failover.Core.Operations;

/// <summary>What an operation does to a service.</summary>
public enum OperationKind
{
    /// <summary>Unplanned: the primary is lost; promote a standby with bounded data loss.</summary>
    Failover,

    /// <summary>Planned, zero loss: the primary hands over to a caught-up standby.</summary>
    Switchover,

    /// <summary>A switchover back to the service's configured primary site; never automatic.</summary>
    Failback,

    /// <summary>Rebuild a fenced or diverged member as a standby of the current primary.</summary>
    Reprotect,

    /// <summary>Make one member read-only and stop its workloads (operator decision).</summary>
    Fence,

    /// <summary>Lift an operator fence from the current primary and make it serve again.</summary>
    Unfence,

    /// <summary>Make the committed primary serve again after an interrupted operation or a lease self-fence.</summary>
    Reconcile,

    /// <summary>A rehearsal; its steps come from an <see cref="IPlanExtension"/>.</summary>
    Drill,
}
