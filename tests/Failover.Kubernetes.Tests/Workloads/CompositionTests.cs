using Failover.ControlPlane.Hosting;
using Failover.ControlPlane.Runtime;
using Failover.Core;
using Failover.Core.Health;
using Failover.Core.Topology;
using Failover.Core.Workloads;
using Failover.Kubernetes.Tests.Fixture;
using Failover.Core.Engine;
using Failover.Testing;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace Failover.Kubernetes.Tests.Workloads;

/// <summary>What `failover serve` composes for an estate whose sites have Kubernetes: the workload control and the probe.</summary>
[Collection(KubeApiServerGroup.Name)]
public sealed class CompositionTests(KubeApiServer server)
{
    [Fact]
    public async Task Serve_EstateWithKubernetesSites_ScalesWorkloadsAndProbesTheApi()
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        await site.Admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("web", replicas: 0), site.Name);
        using var directory = new TemporaryDirectory();
        var estate = site.Estate([new WorkloadSpec(WorkloadKind.Deployment, "web", 2, 0)]);
        await using var composed = Compose(estate, directory);
        var targets = EstateProbeTargets.Build(estate);

        var activated = await composed.GetRequiredService<EngineSeams>().Workloads.ActivateAsync(
            new WorkloadRequest(Estates.ServiceId, SiteNamespace.SiteId, new Epoch(2), "op-serve", null, TimeSpan.FromSeconds(15)), CancellationToken.None);
        var k8sTarget = targets.OfType<KubernetesProbeTarget>().Should().ContainSingle().Subject;
        var probed = await composed.GetServices<IProbe>().Single(p => p.CanProbe(k8sTarget)).RunAsync(k8sTarget, TimeProvider.System, CancellationToken.None);

        activated.Should().Be(activated with { Succeeded = true, AlreadyInState = false }, activated.Detail);
        (await site.DeploymentAsync("web")).Spec.Replicas.Should().Be(2);
        k8sTarget.SiteId.Should().Be(SiteNamespace.SiteId);
        probed.Succeeded.Should().BeTrue(probed.Detail);
    }

    [Fact]
    public async Task Serve_EstateWithoutKubernetes_KeepsUnmanagedWorkloadsAndNoKubernetesProbe()
    {
        using var directory = new TemporaryDirectory();
        var estate = Estates.One(null!, []) with
        {
            Sites = [new Site("site-a", "p", "here", "fd-a", [], [], null, 1), new Site("site-b", "p", "there", "fd-b", [], [], null, 1)],
        };

        await using var composed = Compose(estate, directory);

        composed.GetRequiredService<EngineSeams>().Workloads.Should().BeOfType<UnmanagedWorkloads>();
        EstateProbeTargets.Build(estate).OfType<KubernetesProbeTarget>().Should().BeEmpty();
    }

    private static ServiceProvider Compose(Estate estate, TemporaryDirectory directory) =>
        new ServiceCollection()
            .AddFailoverControlPlane(estate, new ControlPlaneOptions { ConfigFile = "test", TokensFile = "test" }, new HighAvailabilityOptions { Journal = directory.PathOf("journal.db") })
            .BuildServiceProvider();
}
