using Failover.ControlPlane.Runtime;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Secrets;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Core.Workloads;
using Failover.Journal.Sqlite;
using Failover.Kubernetes.Client;
using Failover.Kubernetes.Health;
using Failover.Kubernetes.Workloads;
using Failover.Postgres;
using Failover.Probes;
using Failover.Traffic;
using Failover.Traffic.Edge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Failover.ControlPlane.Hosting;

/// <summary>The real adapters a control plane drives, built from the estate (what `failover serve` runs).</summary>
public static class AdapterComposition
{
    /// <param name="localEdge">An edge proxy running in this process, for routers of kind edge without an admin URL.</param>
    /// <param name="views">How observers share views; in memory (a single observer) by default.</param>
    /// <param name="journal">The journal; by default the SQLite file <paramref name="journalFile"/>.</param>
    /// <param name="leadership">Who may act; by default decided by <see cref="ControlPlaneOptions.Acts"/>.</param>
    /// <param name="workloads">The application side; by default Kubernetes when some service's sites have a cluster, else services may not declare workloads.</param>
    public static async Task<ControlPlaneComponents> CreateAsync(
        Estate estate, string journalFile, ISecretResolver secrets, ILoggerFactory loggers, CancellationToken cancellationToken,
        EdgeProxy? localEdge = null, IWorkloadControl? workloads = null, IStandbyRebuild? rebuild = null, IObserverViewExchange? views = null,
        Core.Journal.IJournalStore? journal = null, Core.Leadership.ILeadership? leadership = null)
    {
        ArgumentNullException.ThrowIfNull(estate);
        var time = TimeProvider.System;
        var services = new ServiceCollection().AddSingleton(secrets).AddSingleton(loggers).AddSingleton(time);
        if (localEdge is not null)
        {
            services.AddSingleton(localEdge);
        }

        var routers = services.AddFailoverTraffic().BuildServiceProvider().GetRequiredService<Core.Traffic.ITrafficRouterFactory>();
        var kubernetes = estate.Sites.Any(s => s.Kubernetes is not null) ? KubernetesWorkloads.CreateClientFactory() : null;
        workloads ??= kubernetes is not null && KubernetesWorkloads.Needed(estate)
            ? KubernetesWorkloads.Create(estate, kubernetes, time, loggers)
            : null;
        var seams = new EngineSeams(
            PostgresReplication.Create(secrets, null, time, loggers),
            RouterDispatch.For(estate, routers),
            workloads ?? new UnmanagedWorkloads(estate),
            rebuild ?? new RemoteRebuildUnavailable(),
            []);
        journal ??= await SqliteJournalStore.OpenAsync(journalFile, cancellationToken);
        return new ControlPlaneComponents(seams, journal, Probes(time, loggers, secrets, kubernetes), views ?? new InMemoryObserverViewExchange(), leadership);
    }

    /// <summary>HTTP, TCP and PostgreSQL probes; the Kubernetes probe too when some site has a cluster (EstateProbeTargets probes its API).</summary>
    private static IReadOnlyList<IProbe> Probes(TimeProvider time, ILoggerFactory loggers, ISecretResolver secrets, IKubernetesClientFactory? kubernetes)
    {
        var probes = ProbesServiceCollectionExtensions.CreateProbes(time, loggers, secrets);
        if (kubernetes is null)
        {
            return probes;
        }

        var kubernetesProbes = new ServiceCollection().AddSingleton(time).AddSingleton(loggers).AddSingleton(secrets).AddLogging()
            .AddSingleton(KubernetesHealth.CreateClient(kubernetes)).AddFailoverProbes().BuildServiceProvider().GetServices<IProbe>();
        return [.. probes, .. kubernetesProbes.Where(p => !probes.Any(q => q.GetType() == p.GetType()))];
    }
}
