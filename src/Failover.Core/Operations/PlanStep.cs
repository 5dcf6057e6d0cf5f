namespace Failover.Core.Operations;

/// <summary>One named step of a plan as a human previews it.</summary>
public sealed record PlanStep(string Name, string Description, TimeSpan ExpectedDuration, bool IsPointOfNoReturn);
