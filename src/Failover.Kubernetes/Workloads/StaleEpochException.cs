namespace Failover.Kubernetes.Workloads;

/// <summary>The request's epoch is older than one that already acted on the object.</summary>
internal sealed class StaleEpochException(string message) : Exception(message);
