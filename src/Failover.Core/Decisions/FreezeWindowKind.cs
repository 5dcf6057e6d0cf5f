namespace Failover.Core.Decisions;

/// <summary>Why a <see cref="FreezeWindow"/> holds automatic operations: a maintenance window or a drill.</summary>
public enum FreezeWindowKind
{
    Maintenance,
    Drill,
}
