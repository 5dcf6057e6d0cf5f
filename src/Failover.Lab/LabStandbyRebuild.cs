using Failover.Core;
using Failover.Core.Operations;
using Failover.Core.Replication;
using Failover.Core.Secrets;
using Failover.Postgres;
using Npgsql;

namespace Failover.Lab;

/// <summary>
/// Reprotect in the lab: the member's site agent rebuilds it (pg_rewind, else pg_basebackup, restarted as a standby of
/// the primary), then the primary commits synchronously to ANY 1 of the standbys streaming from it again.
/// </summary>
/// <param name="throughAgent">The rebuild through the member's site agent, as <c>serve</c> does it.</param>
public sealed class LabStandbyRebuild(IStandbyRebuild throughAgent, ISecretResolver secrets) : IStandbyRebuild
{
    public async Task<RebuildResult> RebuildAsStandbyAsync(DatabaseMember member, DatabaseMember primary, Epoch epoch, CancellationToken cancellationToken)
    {
        var result = await throughAgent.RebuildAsStandbyAsync(member, primary, epoch, cancellationToken);
        if (result.Succeeded)
        {
            await RequireSyncStandbyAsync(primary, cancellationToken);
        }

        return result;
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
