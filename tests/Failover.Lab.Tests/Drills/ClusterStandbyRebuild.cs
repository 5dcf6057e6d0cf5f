using Failover.Core;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Secrets;
using Failover.Postgres.Rejoin;
using Failover.Testing;

namespace Failover.Lab.Tests.Drills;

/// <summary>Reprotect for the drill lab, whose data directories are all on this host: the real rejoin (pg_rewind, else pg_basebackup).</summary>
internal sealed class ClusterStandbyRebuild(PostgresCluster cluster, IReadOnlyDictionary<string, PostgresInstance> sites, ISecretResolver secrets) : IStandbyRebuild
{
    public async Task<RebuildResult> RebuildAsStandbyAsync(DatabaseMember member, DatabaseMember primary, Epoch epoch, CancellationToken cancellationToken)
    {
        var instance = sites[member.SiteId];
        var rejoin = new PostgresRejoin(cluster.Programs, secrets, TimeProvider.System);
        var result = await rejoin.RejoinAsync(
            new RejoinRequest(instance.DataDirectory, primary, instance.Name, instance.ServerOptions, instance.LogFile, TimeSpan.FromMinutes(1)), cancellationToken);
        return result.Succeeded
            ? new RebuildResult(true, false, ReplicationFailure.None, $"{result.Path}: {result.Detail}")
            : new RebuildResult(false, false, ReplicationFailure.Error, result.Detail);
    }
}
