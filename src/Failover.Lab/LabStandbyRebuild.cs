using Failover.Core;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Secrets;
using Failover.Postgres;
using Failover.Postgres.Rejoin;
using Npgsql;

namespace Failover.Lab;

/// <summary>
/// Reprotect in the lab, where every data directory is on this host: the member rejoins the primary (pg_rewind, else
/// pg_basebackup), then the primary commits synchronously to ANY 1 of the standbys streaming from it again.
/// </summary>
/// <param name="rejoinAt">The rejoin of a site's member, its programs run inside the site.</param>
public sealed class LabStandbyRebuild(LabLayout layout, Func<LabSite, PostgresRejoin> rejoinAt, ISecretResolver secrets) : IStandbyRebuild
{
    public async Task<RebuildResult> RebuildAsStandbyAsync(DatabaseMember member, DatabaseMember primary, Epoch epoch, CancellationToken cancellationToken)
    {
        var site = LabLayout.Site(member.SiteId);
        var result = await rejoinAt(site).RejoinAsync(
            new RejoinRequest(layout.DataDirectory(site), primary, site.InstanceName, layout.ServerOptions(site), layout.PostgresLog(site), TimeSpan.FromMinutes(2)),
            cancellationToken);
        if (!result.Succeeded)
        {
            return new RebuildResult(false, false, ReplicationFailure.Error, result.Detail);
        }

        await RequireSyncStandbyAsync(primary, cancellationToken);
        return new RebuildResult(true, result.Path == RejoinPath.NoRewindNeeded && result.DiscardedWalBytes == 0, ReplicationFailure.None,
            $"{result.Path}: {result.Detail}; discarded {result.DiscardedWalBytes ?? 0} bytes of diverged WAL");
    }

    private async Task RequireSyncStandbyAsync(DatabaseMember primary, CancellationToken cancellationToken)
    {
        var connectionString = MemberConnectionString.For(primary, secrets).Database("postgres").Timeouts(TimeSpan.FromSeconds(5));
        await using var connection = new NpgsqlConnection(connectionString.Value);
        await connection.OpenAsync(cancellationToken);
        var names = LabLayout.Sites.Where(s => s.Id != primary.SiteId).Select(s => s.InstanceName);
        await using (var set = new NpgsqlCommand($"ALTER SYSTEM SET synchronous_standby_names = 'ANY 1 ({string.Join(", ", names)})'", connection))
        {
            await set.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
        await reload.ExecuteNonQueryAsync(cancellationToken);
    }
}
