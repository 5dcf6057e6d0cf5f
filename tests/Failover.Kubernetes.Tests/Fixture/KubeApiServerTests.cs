using Failover.Testing;
using k8s;
using k8s.Models;

namespace Failover.Kubernetes.Tests.Fixture;

[Collection(KubeApiServerGroup.Name)]
public sealed class KubeApiServerTests(KubeApiServer server)
{
    [Fact]
    public async Task FakeKubelet_ScaledDeployment_BecomesAvailable()
    {
        var ns = await server.CreateNamespaceAsync();
        await using var kubelet = new FakeKubelet(server, ns);
        using var client = server.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("web", replicas: 2), ns);

        await Failover.Testing.Wait.UntilAsync(
            async () => (await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Status?.AvailableReplicas == 2,
            TimeSpan.FromSeconds(10), "web available", () => server.Diagnostics);
    }

    [Fact]
    public async Task Orchestrator_WithoutBindings_IsForbidden()
    {
        var ns = await server.CreateNamespaceAsync();
        using var client = server.CreateClient(KubeApiServer.OrchestratorToken);

        var act = () => client.AppsV1.ListNamespacedDeploymentAsync(ns);

        (await act.Should().ThrowAsync<k8s.Autorest.HttpOperationException>()).Which.Response.StatusCode.Should().Be(System.Net.HttpStatusCode.Forbidden);
    }
}
