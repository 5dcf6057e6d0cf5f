namespace Failover.Core.Topology;

/// <summary>What a drill rehearses.</summary>
public enum DrillKind
{
    /// <summary>Non-disruptive: a throwaway copy of the standby is promoted and served outside public traffic.</summary>
    Isolated,

    /// <summary>A planned switchover to the standby site and back, inside a maintenance window, with a writer running.</summary>
    Switchover,
}
