using Failover.Core.Health;
using Failover.Core.Secrets;
using Failover.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Failover.Probes.Tests;

public class ProbeRegistrationTests
{
    [Fact]
    public void AddFailoverProbes_CalledTwice_RegistersEachProbeOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ISecretResolver, EnvironmentAndFileSecretResolver>();

        services.AddFailoverProbes().AddFailoverProbes();
        using var provider = services.BuildServiceProvider();

        provider.GetServices<IProbe>().Select(p => p.GetType().Name).Should().BeEquivalentTo(["HttpProbe", "TcpProbe", "PostgresProbe"]);
    }

    [Fact]
    public void AddFailoverKubernetesProbe_WithKubernetesClient_AddsKubernetesProbeOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ISecretResolver, EnvironmentAndFileSecretResolver>();
        services.AddSingleton<IKubernetesHealthClient, NoKubernetes>();

        services.AddFailoverProbes().AddFailoverKubernetesProbe().AddFailoverKubernetesProbe();
        using var provider = services.BuildServiceProvider();

        provider.GetServices<IProbe>().Should().ContainSingle(p => p is KubernetesProbe);
    }

    private sealed class NoKubernetes : IKubernetesHealthClient
    {
        public ValueTask<KubernetesHealthReport> CheckAsync(Core.Topology.KubernetesTarget cluster, string? deployment, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new KubernetesHealthReport(ProbeFailureReason.Refused, "no cluster", null));
    }
}
