namespace Failover.Core.Topology;

public sealed record KubernetesTarget(string? Context, string Namespace, string? KubeconfigFile);
