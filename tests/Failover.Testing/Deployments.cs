using k8s.Models;

namespace Failover.Testing;

/// <summary>Minimal workloads to create in a test namespace.</summary>
public static class Deployments
{
    public static V1Deployment Web(string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = PodTemplate(name),
        },
    };

    public static V1StatefulSet Set(string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = name,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = PodTemplate(name),
        },
    };

    private static V1PodTemplateSpec PodTemplate(string name) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "ent/app:1" }] },
    };
}
