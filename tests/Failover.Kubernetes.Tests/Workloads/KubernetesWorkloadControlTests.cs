using System.Diagnostics;
using System.Text;
using Failover.Core;
using Failover.Core.Topology;
using Failover.Core.Workloads;
using Failover.Kubernetes.Client;
using Failover.Kubernetes.Tests.Fixture;
using Failover.Kubernetes.Workloads;
using Failover.Testing;
using k8s;
using k8s.Models;

namespace Failover.Kubernetes.Tests.Workloads;

/// <summary>The workload control against the real API server, acting as the orchestrator user with only the site Role.</summary>
[Collection(KubeApiServerGroup.Name)]
public sealed class KubernetesWorkloadControlTests(KubeApiServer server)
{
    private static readonly HostEndpoint PrimaryA = new("pg-a.ent.internal", 5432);
    private static readonly HostEndpoint PrimaryB = new("pg-b.ent.internal", 6432);

    private static readonly KubernetesCallOptions Fast = new() { PollInterval = TimeSpan.FromMilliseconds(50), RetryDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Activate_StandbyDeployment_ScalesUpAndWaitsForAvailability()
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        await site.Admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("web", replicas: 1), site.Name);
        using var clients = new KubernetesClientFactory();
        var control = Control(site.Estate([new WorkloadSpec(WorkloadKind.Deployment, "web", 3, 1)]), clients);

        var result = await control.ActivateAsync(Request(epoch: 4, "op-1"), CancellationToken.None);

        result.Should().Be(result with { Succeeded = true, AlreadyInState = false }, result.Detail);
        var web = await site.DeploymentAsync("web");
        web.Spec.Replicas.Should().Be(3);
        web.Status.AvailableReplicas.Should().Be(3, "activate returns only once the replicas are available");
        web.Metadata.Annotations.Should().Contain("failover.io/epoch", "4").And.Contain("failover.io/operation", "op-1");
    }

    [Fact]
    public async Task Activate_AlreadyActive_IsAlreadyInStateAndWritesNothing()
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        await site.Admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("web", replicas: 1), site.Name);
        using var clients = new KubernetesClientFactory();
        var control = Control(site.Estate([new WorkloadSpec(WorkloadKind.Deployment, "web", 2, 1)]), clients);
        (await control.ActivateAsync(Request(epoch: 4, "op-1"), CancellationToken.None)).Succeeded.Should().BeTrue();
        var before = (await site.DeploymentAsync("web")).Metadata.ResourceVersion;

        var again = await control.ActivateAsync(Request(epoch: 4, "op-2"), CancellationToken.None);

        again.Should().Be(again with { Succeeded = true, AlreadyInState = true }, again.Detail);
        var web = await site.DeploymentAsync("web");
        web.Metadata.ResourceVersion.Should().Be(before, "an object already in state is not written");
        web.Metadata.Annotations.Should().Contain("failover.io/operation", "op-1");
    }

    [Fact]
    public async Task Activate_WorkloadNeverAvailable_FailsWithinTheRequestTimeoutSayingWhy()
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        await site.Admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("web", replicas: 0), site.Name);
        site.Kubelet.Hold("web");
        using var clients = new KubernetesClientFactory();
        var control = Control(site.Estate([new WorkloadSpec(WorkloadKind.Deployment, "web", 3, 0)]), clients);
        var clock = Stopwatch.StartNew();

        var result = await control.ActivateAsync(Request(epoch: 2, "op-held", timeout: TimeSpan.FromSeconds(2)), CancellationToken.None);

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        result.Succeeded.Should().BeFalse();
        result.Detail.Should().Contain("not done within 2 s").And.Contain("waiting for availability").And.Contain("web: 0/3 available");
        (await site.DeploymentAsync("web")).Spec.Replicas.Should().Be(3, "the scale was written; only availability is missing");
    }

    [Fact]
    public async Task Deactivate_ScalesToStandbyCount_AndFenceScalesToZero()
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        await site.Admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("web", replicas: 4), site.Name);
        using var clients = new KubernetesClientFactory();
        var control = Control(site.Estate([new WorkloadSpec(WorkloadKind.Deployment, "web", 4, 1)]), clients);

        var standby = await control.DeactivateAsync(Request(epoch: 5, "op-down"), CancellationToken.None);
        var standbyWeb = await site.DeploymentAsync("web");
        var fenced = await control.DeactivateAsync(Request(epoch: 5, "op-fence") with { Fence = true }, CancellationToken.None);

        standby.Should().Be(standby with { Succeeded = true, AlreadyInState = false }, standby.Detail);
        standbyWeb.Spec.Replicas.Should().Be(1);
        standbyWeb.Status.Replicas.Should().Be(1, "deactivate waits until the extra pods are gone");
        fenced.Should().Be(fenced with { Succeeded = true, AlreadyInState = false }, fenced.Detail);
        var web = await site.DeploymentAsync("web");
        web.Spec.Replicas.Should().Be(0);
        web.Metadata.Annotations.Should().Contain("failover.io/operation", "op-fence");
    }

    [Fact]
    public async Task Deactivate_WorkloadAbsentAtTheSite_IsAlreadyDown_ButActivateFails()
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        using var clients = new KubernetesClientFactory();
        var control = Control(site.Estate([new WorkloadSpec(WorkloadKind.Deployment, "web", 2, 1)]), clients);

        var down = await control.DeactivateAsync(Request(epoch: 2, "op-down"), CancellationToken.None);
        var up = await control.ActivateAsync(Request(epoch: 2, "op-up", timeout: TimeSpan.FromSeconds(3)), CancellationToken.None);

        down.Should().Be(down with { Succeeded = true, AlreadyInState = true }, down.Detail);
        down.Detail.Should().Contain("web: absent");
        up.Succeeded.Should().BeFalse();
        up.Detail.Should().Contain("404").And.Contain("\"web\" not found");
    }

    [Fact]
    public async Task Activate_StatefulSet_ScalesAndWaitsForReadiness()
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        await site.Admin.AppsV1.CreateNamespacedStatefulSetAsync(Deployments.Set("cache", replicas: 0), site.Name);
        using var clients = new KubernetesClientFactory();
        var control = Control(site.Estate([new WorkloadSpec(WorkloadKind.StatefulSet, "cache", 2, 0)]), clients);

        var result = await control.ActivateAsync(Request(epoch: 3, "op-set"), CancellationToken.None);
        var again = await control.ActivateAsync(Request(epoch: 3, "op-set"), CancellationToken.None);
        var down = await control.DeactivateAsync(Request(epoch: 3, "op-set-down"), CancellationToken.None);

        result.Should().Be(result with { Succeeded = true, AlreadyInState = false }, result.Detail);
        again.AlreadyInState.Should().BeTrue(again.Detail);
        down.Should().Be(down with { Succeeded = true, AlreadyInState = false }, down.Detail);
        var set = await site.Admin.AppsV1.ReadNamespacedStatefulSetAsync("cache", site.Name);
        set.Spec.Replicas.Should().Be(0);
        set.Metadata.Annotations.Should().Contain("failover.io/epoch", "3");
    }

    [Fact]
    public async Task Activate_ExternalNamePointer_CreatesThenRepointsTheService()
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        await site.Admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("web", replicas: 0), site.Name);
        using var clients = new KubernetesClientFactory();
        var pointer = new PrimaryPointer(PrimaryPointerKind.ExternalName, "ent-db", null, PrimaryPointer.DefaultPortAnnotation, []);
        var control = Control(site.Estate([new WorkloadSpec(WorkloadKind.Deployment, "web", 1, 0)], pointer), clients);

        var first = await control.ActivateAsync(Request(epoch: 7, "op-a", PrimaryA), CancellationToken.None);
        var created = await site.Admin.CoreV1.ReadNamespacedServiceAsync("ent-db", site.Name);
        var second = await control.ActivateAsync(Request(epoch: 8, "op-b", PrimaryB), CancellationToken.None);
        var third = await control.ActivateAsync(Request(epoch: 8, "op-c", PrimaryB), CancellationToken.None);

        first.Succeeded.Should().BeTrue(first.Detail);
        created.Spec.Type.Should().Be("ExternalName");
        created.Spec.ExternalName.Should().Be("pg-a.ent.internal");
        second.Should().Be(second with { Succeeded = true, AlreadyInState = false }, second.Detail);
        third.AlreadyInState.Should().BeTrue(third.Detail);
        var service = await site.Admin.CoreV1.ReadNamespacedServiceAsync("ent-db", site.Name);
        service.Spec.ExternalName.Should().Be("pg-b.ent.internal");
        service.Metadata.Annotations.Should().Contain(PrimaryPointer.DefaultPortAnnotation, "6432")
            .And.Contain("failover.io/epoch", "8").And.Contain("failover.io/operation", "op-b");
    }

    [Fact]
    public async Task Activate_ExternalNamePointerToAnIpAddress_IsRefused()
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        using var clients = new KubernetesClientFactory();
        var pointer = new PrimaryPointer(PrimaryPointerKind.ExternalName, "ent-db", null, PrimaryPointer.DefaultPortAnnotation, []);
        var control = Control(site.Estate([new WorkloadSpec(WorkloadKind.Deployment, "web", 1, 0)], pointer), clients);

        var result = await control.ActivateAsync(Request(epoch: 1, "op", new HostEndpoint("10.1.0.10", 5432)), CancellationToken.None);

        result.Succeeded.Should().BeFalse();
        result.Detail.Should().Contain("needs a DNS name");
    }

    [Theory]
    [InlineData(PrimaryPointerKind.ConfigMap)]
    [InlineData(PrimaryPointerKind.Secret)]
    public async Task Activate_KeyPointer_WritesHostPortAndRestartsTheWorkloads(PrimaryPointerKind kind)
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        await site.Admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("web", replicas: 2), site.Name);
        await site.Admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("worker", replicas: 1), site.Name);
        using var clients = new KubernetesClientFactory();
        var pointer = new PrimaryPointer(kind, "ent-db", "DATABASE_ADDRESS", PrimaryPointer.DefaultPortAnnotation, ["web"]);
        var control = Control(site.Estate([new WorkloadSpec(WorkloadKind.Deployment, "web", 2, 0), new WorkloadSpec(WorkloadKind.Deployment, "worker", 1, 0)], pointer), clients);

        var first = await control.ActivateAsync(Request(epoch: 2, "op-a", PrimaryA), CancellationToken.None);
        var firstRestart = (await site.DeploymentAsync("web")).Spec.Template.Metadata.Annotations;
        var again = await control.ActivateAsync(Request(epoch: 2, "op-a2", PrimaryA), CancellationToken.None);
        var moved = await control.ActivateAsync(Request(epoch: 3, "op-b", PrimaryB), CancellationToken.None);

        first.Should().Be(first with { Succeeded = true, AlreadyInState = false }, first.Detail);
        firstRestart.Should().ContainKey("kubectl.kubernetes.io/restartedAt").And.Contain("failover.io/primary", "pg-a.ent.internal:5432");
        again.AlreadyInState.Should().BeTrue(again.Detail);
        moved.Should().Be(moved with { Succeeded = true, AlreadyInState = false }, moved.Detail);
        var (value, annotations) = await PointerAsync(site, kind);
        value.Should().Be("pg-b.ent.internal:6432");
        annotations.Should().Contain("failover.io/epoch", "3").And.Contain("failover.io/operation", "op-b");
        var web = await site.DeploymentAsync("web");
        web.Spec.Template.Metadata.Annotations.Should().Contain("failover.io/primary", "pg-b.ent.internal:6432").And.ContainKey("kubectl.kubernetes.io/restartedAt");
        web.Metadata.Annotations.Should().Contain("failover.io/operation", "op-b");
        (await site.DeploymentAsync("worker")).Spec.Template.Metadata.Annotations.Should().BeNull("only the workloads listed under restart are restarted");
    }

    [Fact]
    public async Task Activate_ObjectChangedBetweenReadAndWrite_RetriesOnFreshState()
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        await site.Admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("web", replicas: 0), site.Name);
        using var clients = new KubernetesClientFactory();
        var writes = 0;
        var options = new KubernetesCallOptions
        {
            PollInterval = Fast.PollInterval,
            RetryDelay = Fast.RetryDelay,
            BeforeWrite = async (name, ct) =>
            {
                // A concurrent writer wins the race twice: each time the object changes after our read.
                var round = Interlocked.Increment(ref writes);
                if (round <= 2)
                {
                    await OtherWriterAsync(site, name, $"other-writer-{round}", ct);
                }
            },
        };
        var control = Control(site.Estate([new WorkloadSpec(WorkloadKind.Deployment, "web", 2, 0)]), clients, options);

        var result = await control.ActivateAsync(Request(epoch: 9, "op-race"), CancellationToken.None);

        result.Should().Be(result with { Succeeded = true, AlreadyInState = false }, result.Detail);
        writes.Should().Be(3, "two writes lost with 409 Conflict, the third, on a fresh read, went through");
        var final = await site.DeploymentAsync("web");
        final.Spec.Replicas.Should().Be(2);
        final.Metadata.Labels.Should().ContainKeys(["other-writer-1", "other-writer-2"], because: "the retry re-read the object instead of overwriting the other writer");
        final.Metadata.Annotations.Should().Contain("failover.io/operation", "op-race");
    }

    [Fact]
    public async Task Deactivate_ApiUnreachable_FailsWithReasonWithinTheTimeout()
    {
        using var directory = new TemporaryDirectory();
        var kubeconfig = directory.Write("kubeconfig", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: gone
              cluster:
                server: https://127.0.0.1:{FreePort.Tcp()}
                insecure-skip-tls-verify: true
            users:
            - name: gone
              user:
                token: {KubeApiServer.OrchestratorToken}
            contexts:
            - name: gone
              context:
                cluster: gone
                user: gone
                namespace: ent
            current-context: gone
            """);
        using var clients = new KubernetesClientFactory();
        var control = Control(Estates.One(new KubernetesTarget("gone", "ent", kubeconfig), [new WorkloadSpec(WorkloadKind.Deployment, "web", 2, 0)]), clients);
        var clock = Stopwatch.StartNew();

        var result = await control.DeactivateAsync(Request(epoch: 3, "op-lost", timeout: TimeSpan.FromSeconds(1.5)), CancellationToken.None);

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(4));
        result.Succeeded.Should().BeFalse();
        result.Detail.Should().Contain("refused").And.Contain("scaling Deployment web to 0");
        result.Detail.Should().NotContain(KubeApiServer.OrchestratorToken);
    }

    [Fact]
    public async Task Activate_NamespaceWithoutTheRole_FailsFastAsForbidden()
    {
        var ns = await server.CreateNamespaceAsync("norole");
        using var admin = server.CreateClient();
        await admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("web", replicas: 0), ns);
        using var clients = new KubernetesClientFactory();
        var target = new KubernetesTarget("site", ns, server.WriteKubeconfig(KubeApiServer.OrchestratorToken, "site", ns));
        var control = Control(Estates.One(target, [new WorkloadSpec(WorkloadKind.Deployment, "web", 2, 0)]), clients);
        var clock = Stopwatch.StartNew();

        var result = await control.ActivateAsync(Request(epoch: 1, "op"), CancellationToken.None);

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3), "a 403 is not transient: no retries");
        result.Succeeded.Should().BeFalse();
        result.Detail.Should().Contain("auth").And.Contain("403").And.Contain("forbidden").And.NotContain(KubeApiServer.OrchestratorToken);
    }

    [Fact]
    public async Task Activate_MissingKubeconfig_FailsNamingTheFile()
    {
        using var clients = new KubernetesClientFactory();
        var control = Control(Estates.One(new KubernetesTarget("x", "ent", "/nonexistent/kubeconfig"), [new WorkloadSpec(WorkloadKind.Deployment, "web", 2, 0)]), clients);

        var result = await control.ActivateAsync(Request(epoch: 1, "op"), CancellationToken.None);

        result.Succeeded.Should().BeFalse();
        result.Detail.Should().Contain("kubeconfig").And.Contain("/nonexistent/kubeconfig");
    }

    [Fact]
    public async Task Activate_ObjectChangedByALaterEpoch_IsRefused()
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        await site.Admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("web", replicas: 1), site.Name);
        using var clients = new KubernetesClientFactory();
        var control = Control(site.Estate([new WorkloadSpec(WorkloadKind.Deployment, "web", 3, 0)]), clients);
        (await control.DeactivateAsync(Request(epoch: 6, "op-new"), CancellationToken.None)).Succeeded.Should().BeTrue();

        var stale = await control.ActivateAsync(Request(epoch: 5, "op-old"), CancellationToken.None);

        stale.Succeeded.Should().BeFalse();
        stale.Detail.Should().Contain("epoch 6").And.Contain("epoch 5");
        (await site.DeploymentAsync("web")).Spec.Replicas.Should().Be(0);
    }

    [Fact]
    public async Task Activate_SiteWithoutCluster_FailsForAServiceWithWorkloads()
    {
        using var clients = new KubernetesClientFactory();
        var control = Control(Estates.One(new KubernetesTarget(null, "ent", null), [new WorkloadSpec(WorkloadKind.Deployment, "web", 1, 0)]), clients);

        var result = await control.ActivateAsync(Request(epoch: 1, "op") with { SiteId = "site-b" }, CancellationToken.None);

        result.Succeeded.Should().BeFalse();
        result.Detail.Should().Contain("site site-b has no Kubernetes cluster");
    }

    private static KubernetesWorkloadControl Control(Estate estate, KubernetesClientFactory clients, KubernetesCallOptions? options = null) =>
        new(estate, clients, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, options ?? Fast);

    private static WorkloadRequest Request(long epoch, string operation, HostEndpoint? primary = null, TimeSpan? timeout = null) =>
        new(Estates.ServiceId, SiteNamespace.SiteId, new Epoch(epoch), operation, primary, timeout ?? TimeSpan.FromSeconds(15));

    /// <summary>Another client changes the Deployment (retrying its own conflicts with the fake kubelet's status writes).</summary>
    private static async Task OtherWriterAsync(SiteNamespace site, string name, string label, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var web = await site.Admin.AppsV1.ReadNamespacedDeploymentAsync(name, site.Name, cancellationToken: ct);
            web.Metadata.Labels ??= new Dictionary<string, string>();
            web.Metadata.Labels[label] = "yes";
            try
            {
                await site.Admin.AppsV1.ReplaceNamespacedDeploymentAsync(web, name, site.Name, cancellationToken: ct);
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 20)
            {
                // The fake kubelet wrote the status meanwhile: read again.
            }
        }
    }

    private static async Task<(string Value, IDictionary<string, string> Annotations)> PointerAsync(SiteNamespace site, PrimaryPointerKind kind)
    {
        if (kind == PrimaryPointerKind.ConfigMap)
        {
            var map = await site.Admin.CoreV1.ReadNamespacedConfigMapAsync("ent-db", site.Name);
            return (map.Data["DATABASE_ADDRESS"], map.Metadata.Annotations);
        }

        var secret = await site.Admin.CoreV1.ReadNamespacedSecretAsync("ent-db", site.Name);
        return (Encoding.UTF8.GetString(secret.Data["DATABASE_ADDRESS"]), secret.Metadata.Annotations);
    }
}
