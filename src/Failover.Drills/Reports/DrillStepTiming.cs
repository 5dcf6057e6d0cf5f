namespace Failover.Drills.Reports;

/// <summary>One step of a drill as measured.</summary>
public sealed record DrillStepTiming(string Name, DateTimeOffset StartedAt, TimeSpan Duration, bool Succeeded, string? Detail);
