using Failover.Drills.Sandbox;

namespace Failover.Drills.Isolated;

internal sealed class PromoteCopyStep(IDrillSandbox sandbox, DrillOptions options) : SandboxStep(sandbox, options)
{
    public const string StepName = "drill-promote-copy";

    public override string Name => StepName;

    public override string Description => "start the copy on its own free port, promote it, verify a write";

    protected override Task<SandboxOutcome> CallAsync(DrillScope scope, CancellationToken cancellationToken) => Sandbox.PromoteCopyAsync(scope, cancellationToken);
}
