namespace Failover.Core.Health;

public sealed record ProbeResult(string TargetId, DateTimeOffset StartedAt, TimeSpan Latency, ProbeFailureReason Reason, string? Detail)
{
    public bool Succeeded => Reason == ProbeFailureReason.None;
}
