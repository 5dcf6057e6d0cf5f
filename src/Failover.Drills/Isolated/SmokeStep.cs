using Failover.Drills.Sandbox;

namespace Failover.Drills.Isolated;

internal sealed class SmokeStep(IDrillSandbox sandbox, DrillOptions options) : SandboxStep(sandbox, options)
{
    public const string StepName = "drill-smoke";

    public override string Name => StepName;

    public override string Description => "smoke checks through the drill's application: HTTP health, a write, a read";

    protected override Task<SandboxOutcome> CallAsync(DrillScope scope, CancellationToken cancellationToken) => Sandbox.SmokeAsync(scope, cancellationToken);
}
