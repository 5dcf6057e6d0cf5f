namespace Failover.Core.Health;

/// <param name="AvailableReplicas">The Deployment's available replicas; null when no Deployment was asked or it does not exist.</param>
public sealed record KubernetesHealthReport(ProbeFailureReason Reason, string? Detail, int? AvailableReplicas);
