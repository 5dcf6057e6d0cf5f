using Failover.Drills.Sandbox;

namespace Failover.Drills.Isolated;

internal sealed class StartAppStep(IDrillSandbox sandbox, DrillOptions options) : SandboxStep(sandbox, options)
{
    public const string StepName = "drill-start-app";

    public override string Name => StepName;

    public override string Description => "start an application against the promoted copy, outside public traffic";

    protected override Task<SandboxOutcome> CallAsync(DrillScope scope, CancellationToken cancellationToken) => Sandbox.StartApplicationAsync(scope, cancellationToken);
}
