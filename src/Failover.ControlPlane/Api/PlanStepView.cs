namespace Failover.ControlPlane.Api;

public sealed record PlanStepView(string Name, string Description, double ExpectedSeconds, bool PointOfNoReturn);
