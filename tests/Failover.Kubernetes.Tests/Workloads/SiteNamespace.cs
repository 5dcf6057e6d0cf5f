using System.Net;
using Failover.Core.Topology;
using Failover.Kubernetes.Tests.Fixture;
using Failover.Testing;
using k8s;
using k8s.Models;

namespace Failover.Kubernetes.Tests.Workloads;

/// <summary>
/// One site's ENT namespace on the test API server: the repository's site Role (manifests/site/role.yaml) bound to
/// the orchestrator user, a kubeconfig carrying the orchestrator's token, and a fake kubelet. Everything the product
/// does in a test runs as that user, so the tests prove the Role is enough.
/// </summary>
internal sealed class SiteNamespace : IAsyncDisposable
{
    public const string SiteId = "site-a";

    private SiteNamespace(KubeApiServer server, string name, string kubeconfig, FakeKubelet kubelet)
    {
        Server = server;
        Name = name;
        Kubeconfig = kubeconfig;
        Kubelet = kubelet;
        Admin = server.CreateClient();
    }

    public KubeApiServer Server { get; }

    public string Name { get; }

    public string Kubeconfig { get; }

    public FakeKubelet Kubelet { get; }

    /// <summary>Admin client, for the test's own setup and assertions.</summary>
    public k8s.Kubernetes Admin { get; }

    public KubernetesTarget Target => new("site", Name, Kubeconfig);

    public static async Task<SiteNamespace> CreateAsync(KubeApiServer server)
    {
        var name = await server.CreateNamespaceAsync("site");
        await ApplySiteRoleAsync(server, name);
        var kubeconfig = server.WriteKubeconfig(KubeApiServer.OrchestratorToken, "site", name);
        return new SiteNamespace(server, name, kubeconfig, new FakeKubelet(server, name));
    }

    /// <summary>The repository's site Role in the namespace, bound to <see cref="KubeApiServer.OrchestratorUser"/>.</summary>
    public static async Task ApplySiteRoleAsync(KubeApiServer server, string @namespace)
    {
        using var admin = server.CreateClient();
        var role = KubernetesYaml.Deserialize<V1Role>(await File.ReadAllTextAsync(Repository.PathOf("manifests", "site", "role.yaml")));
        role.Metadata.NamespaceProperty = @namespace;
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, @namespace);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "failover-orchestrator" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = role.Metadata.Name },
            Subjects = [new Rbacv1Subject { ApiGroup = "rbac.authorization.k8s.io", Kind = "User", Name = KubeApiServer.OrchestratorUser }],
        }, @namespace);
    }

    /// <summary>An estate with one service whose workloads run at this site (and a second site without a cluster).</summary>
    public Estate Estate(IReadOnlyList<WorkloadSpec> workloads, PrimaryPointer? pointer = null, KubernetesTarget? target = null) =>
        Estates.One(target ?? Target, workloads, pointer);

    public Task<V1Deployment> DeploymentAsync(string name) => Admin.AppsV1.ReadNamespacedDeploymentAsync(name, Name);

    public async ValueTask DisposeAsync()
    {
        await Kubelet.DisposeAsync();
        Admin.Dispose();
    }
}

internal static class Estates
{
    public const string ServiceId = "ent-test";

    public static Estate One(KubernetesTarget target, IReadOnlyList<WorkloadSpec> workloads, PrimaryPointer? pointer = null)
    {
        var site = new Site(SiteNamespace.SiteId, "p", "here", "fd-a", [new HostEndpoint("10.0.0.1", 5432)], [IPAddress.Loopback], target, 1);
        var other = new Site("site-b", "p", "there", "fd-b", [new HostEndpoint("10.0.0.2", 5432)], [IPAddress.Loopback], null, 1);
        var service = new Service(ServiceId, "ENT test", site.Id, [other.Id], "default", 1,
            new DatabaseSpec("ent", "failover", new SecretReference(SecretSource.Environment, "PG"), ReplicationMode.Sync, new RpoBudget(null, null)),
            new HealthSpec(null), workloads, new TrafficSpec("dns", "ent.example.fr.", TimeSpan.FromSeconds(30)),
            new ServiceTargets(TimeSpan.FromMinutes(1), TimeSpan.Zero)) { PrimaryPointer = pointer };
        var policy = new Policy("default", true, new DetectionPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, 3, 3), new QuorumPolicy(null),
            TimeSpan.Zero, 0.5, new ApprovalPolicy(false, TimeSpan.FromMinutes(15), false));
        return new Estate([new Provider("p", "p")], [site, other], [service], [], [policy], []);
    }
}
