using Failover.Core.Health;
using Failover.Core.Secrets;
using Failover.Core.Topology;
using Failover.Kubernetes.Client;
using Failover.Kubernetes.Health;
using Failover.Kubernetes.Tests.Fixture;
using Failover.Kubernetes.Tests.Workloads;
using Failover.Probes;
using Failover.Testing;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace Failover.Kubernetes.Tests.Health;

/// <summary>The Kubernetes probe (Failover.Probes) over the real health client, against the real API server.</summary>
[Collection(KubeApiServerGroup.Name)]
public sealed class KubernetesProbeTests(KubeApiServer server) : IDisposable
{
    private readonly KubernetesClientFactory _clients = new();
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task Probe_DeploymentAvailable_IsHealthy()
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        await site.Admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("web", replicas: 2), site.Name);
        await Wait.UntilAsync(async () => (await site.DeploymentAsync("web")).Status?.AvailableReplicas == 2, TimeSpan.FromSeconds(10), "web available", () => server.Diagnostics);

        var result = await ProbeAsync(site.Target, "web", minimum: 2);

        result.Succeeded.Should().BeTrue(result.Detail);
        result.Detail.Should().Contain("2 available");
    }

    [Fact]
    public async Task Probe_ApiOnly_IsHealthy()
    {
        await using var site = await SiteNamespace.CreateAsync(server);

        var result = await ProbeAsync(site.Target, null, minimum: 0);

        result.Succeeded.Should().BeTrue(result.Detail);
    }

    [Fact]
    public async Task Probe_DeploymentBelowMinimum_IsUnavailable()
    {
        await using var site = await SiteNamespace.CreateAsync(server);
        site.Kubelet.Hold("web");
        await site.Admin.AppsV1.CreateNamespacedDeploymentAsync(Deployments.Web("web", replicas: 3), site.Name);

        var result = await ProbeAsync(site.Target, "web", minimum: 2);

        result.Reason.Should().Be(ProbeFailureReason.Unavailable);
        result.Detail.Should().Contain("0 available, 2 required");
    }

    [Fact]
    public async Task Probe_DeploymentMissing_IsUnavailable()
    {
        await using var site = await SiteNamespace.CreateAsync(server);

        var result = await ProbeAsync(site.Target, "nope", minimum: 1);

        result.Reason.Should().Be(ProbeFailureReason.Unavailable);
        result.Detail.Should().Contain("not found");
    }

    [Fact]
    public async Task Probe_ClosedPort_IsRefused()
    {
        var kubeconfig = Kubeconfig($"https://127.0.0.1:{FreePort.Tcp()}", KubeApiServer.OrchestratorToken);

        var result = await ProbeAsync(new KubernetesTarget("k", "ent", kubeconfig), null, minimum: 0);

        result.Reason.Should().Be(ProbeFailureReason.Refused, result.Detail);
    }

    [Fact]
    public async Task Probe_BadToken_IsAuthFailureWithoutTheToken()
    {
        var kubeconfig = Kubeconfig(server.Host, "not-a-valid-token");

        var result = await ProbeAsync(new KubernetesTarget("k", "ent", kubeconfig), "web", minimum: 1);

        result.Reason.Should().Be(ProbeFailureReason.Auth, result.Detail);
        result.Detail.Should().Contain("401").And.NotContain("not-a-valid-token");
    }

    [Fact]
    public async Task Probe_UnknownHost_IsDns()
    {
        var kubeconfig = Kubeconfig("https://kube.invalid:6443", KubeApiServer.OrchestratorToken);

        var result = await ProbeAsync(new KubernetesTarget("k", "ent", kubeconfig), null, minimum: 0);

        result.Reason.Should().Be(ProbeFailureReason.Dns, result.Detail);
    }

    [Fact]
    public async Task Probe_ServerThatNeverAnswers_TimesOutWithinItsTimeout()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var kubeconfig = Kubeconfig($"https://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}", KubeApiServer.OrchestratorToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await ProbeAsync(new KubernetesTarget("k", "ent", kubeconfig), null, minimum: 0, timeout: TimeSpan.FromMilliseconds(500));

        result.Reason.Should().Be(ProbeFailureReason.Timeout, result.Detail);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
    }

    public void Dispose()
    {
        _clients.Dispose();
        _directory.Dispose();
    }

    private async Task<ProbeResult> ProbeAsync(KubernetesTarget cluster, string? deployment, int minimum, TimeSpan? timeout = null)
    {
        using var provider = new ServiceCollection()
            .AddSingleton<ISecretResolver>(new NoSecrets())
            .AddSingleton(KubernetesHealth.CreateClient(_clients))
            .AddFailoverProbes()
            .AddFailoverKubernetesProbe()
            .BuildServiceProvider();
        var target = new KubernetesProbeTarget("site-a/kubernetes", "site-a", TimeSpan.FromSeconds(1), timeout ?? TimeSpan.FromSeconds(5), cluster, deployment, minimum);
        var probe = provider.GetServices<IProbe>().Single(p => p.CanProbe(target));
        return await probe.RunAsync(target, TimeProvider.System, CancellationToken.None);
    }

    private string Kubeconfig(string host, string token) => _directory.Write($"kubeconfig-{Guid.NewGuid():N}", $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: {host}
            insecure-skip-tls-verify: true
        users:
        - name: u
          user:
            token: {token}
        contexts:
        - name: k
          context:
            cluster: c
            user: u
            namespace: ent
        current-context: k
        """);

    private sealed class NoSecrets : ISecretResolver
    {
        public string Resolve(SecretReference reference) => throw new NotSupportedException();
    }
}
