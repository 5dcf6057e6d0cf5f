using Failover.Core.Topology;
using Failover.Kubernetes.Client;
using Failover.Testing;

namespace Failover.Kubernetes.Tests.Client;

/// <summary>The control plane's own client and a site's client come from the same kubeconfig handling.</summary>
public sealed class KubernetesClientFactoryTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public void ControlPlaneClient_MissingKubeconfig_NamesTheFile()
    {
        var missing = _directory.PathOf("nope.yaml");

        var act = () => KubernetesClientFactory.CreateControlPlaneClient(missing);

        act.Should().Throw<FileNotFoundException>().WithMessage($"--kubeconfig: file '{missing}' does not exist");
    }

    [Fact]
    public void ControlPlaneAndSiteClients_SameKubeconfig_SameServer()
    {
        var kubeconfig = _directory.PathOf("kubeconfig.yaml");
        File.WriteAllText(kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: https://127.0.0.1:6443
            users:
            - name: u
              user:
                token: t
            contexts:
            - name: x
              context:
                cluster: c
                user: u
            current-context: x
            """);
        using var sites = new KubernetesClientFactory();

        using var own = KubernetesClientFactory.CreateControlPlaneClient(kubeconfig);
        var site = sites.ClientFor(new KubernetesTarget(null, "ent", kubeconfig));

        own.BaseUri.Should().Be(new Uri("https://127.0.0.1:6443/"));
        site.BaseUri.Should().Be(own.BaseUri);
    }

    public void Dispose() => _directory.Dispose();
}
