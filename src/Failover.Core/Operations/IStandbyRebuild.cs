using Failover.Core.Replication;

namespace Failover.Core.Operations;

/// <summary>
/// Rebuilds a member as a streaming standby of the current primary (pg_rewind, else pg_basebackup): the reprotect step
/// of a failback. Apart from <see cref="Replication.IReplicationControl"/> because it needs the member's data directory,
/// which only a process on the member's host has.
/// </summary>
public interface IStandbyRebuild
{
    Task<RebuildResult> RebuildAsStandbyAsync(DatabaseMember member, DatabaseMember primary, Epoch epoch, CancellationToken cancellationToken);
}
