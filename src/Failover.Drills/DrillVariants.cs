using Failover.Core.Operations;
using Failover.Core.Topology;

namespace Failover.Drills;

/// <summary>How a drill is asked of the engine: an operation of kind <see cref="OperationKind.Drill"/> whose variant names the drill.</summary>
public static class DrillVariants
{
    public const string Isolated = "isolated";
    public const string Switchover = "switchover";

    public static string Of(DrillKind kind) => kind == DrillKind.Switchover ? Switchover : Isolated;

    public static DrillKind? Parse(string? variant) => variant switch
    {
        null or Isolated => DrillKind.Isolated,
        Switchover => DrillKind.Switchover,
        _ => null,
    };

    public static OperationRequest Request(string serviceId, DrillKind kind, string requestedBy, string? reason = null, string? targetSiteId = null) =>
        new(serviceId, OperationKind.Drill, targetSiteId, requestedBy, reason ?? $"{Of(kind)} drill", Variant: Of(kind));
}
