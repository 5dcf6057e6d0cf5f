using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills.Isolated;
using Failover.Drills.Sandbox;

namespace Failover.Drills;

/// <summary>
/// The steps of a drill operation. An isolated drill: copy the standby, promote the copy, start an application on it,
/// smoke it, clean up (always). Switchover drills are not run as one engine operation (see the report).
/// </summary>
public sealed class DrillPlanExtension : IPlanExtension
{
    private readonly IReadOnlyList<IOperationStep> _isolated;

    public DrillPlanExtension(IDrillSandbox sandbox, DrillOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var o = options ?? new DrillOptions();
        o.Validate();
        _isolated =
        [
            new CopyStandbyStep(sandbox, o),
            new PromoteCopyStep(sandbox, o),
            new StartAppStep(sandbox, o),
            new SmokeStep(sandbox, o),
            new CleanupStep(sandbox, o),
        ];
    }

    public OperationKind Kind => OperationKind.Drill;

    /// <summary>The step that starts the RTO clock: a real failover promotes the standby in place, so the copy is not counted.</summary>
    public static string RtoClockStart => PromoteCopyStep.StepName;

    /// <summary>The step after which the copy serves writes.</summary>
    public static string RtoClockStop => SmokeStep.StepName;

    public static string Cleanup => CleanupStep.StepName;

    public static string Copy => CopyStandbyStep.StepName;

    public IReadOnlyList<IOperationStep> Steps(OperationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DrillVariants.Parse(request.Variant) == DrillKind.Isolated ? _isolated : [];
    }
}
