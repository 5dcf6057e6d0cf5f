using Failover.Drills.Sandbox;

namespace Failover.Drills.Isolated;

/// <summary>Tears the drill down; runs even when an earlier step failed, the drill was cancelled or the control plane restarted.</summary>
internal sealed class CleanupStep(IDrillSandbox sandbox, DrillOptions options) : SandboxStep(sandbox, options)
{
    public const string StepName = "drill-cleanup";

    public override string Name => StepName;

    public override string Description => "stop the drill's processes (by pid) and remove its directories";

    public override bool AlwaysRuns => true;

    protected override Task<SandboxOutcome> CallAsync(DrillScope scope, CancellationToken cancellationToken) => Sandbox.CleanupAsync(scope, cancellationToken);
}
