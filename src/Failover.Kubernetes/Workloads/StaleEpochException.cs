using Failover.Core;
using k8s.Models;

namespace Failover.Kubernetes.Workloads;

/// <summary>The request's epoch is older than one that already acted on the object.</summary>
internal sealed class StaleEpochException(string message) : Exception(message);
