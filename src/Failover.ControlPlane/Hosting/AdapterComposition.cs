using Failover.ControlPlane.Runtime;
using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Secrets;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Core.Workloads;
using Failover.Journal.Sqlite;
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
    /// <param name="workloads">The application side; by default, services may not declare workloads (no orchestrator adapter).</param>
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
        var seams = new EngineSeams(
            PostgresReplication.Create(secrets, null, time, loggers),
            RouterDispatch.For(estate, routers),
            workloads ?? new UnmanagedWorkloads(estate),
            rebuild ?? new RemoteRebuildUnavailable(),
            []);
        journal ??= await SqliteJournalStore.OpenAsync(journalFile, cancellationToken);
        return new ControlPlaneComponents(seams, journal, ProbesServiceCollectionExtensions.CreateProbes(time, loggers, secrets), views ?? new InMemoryObserverViewExchange(), leadership);
    }
}
