using Failover.Core.Replication;

namespace Failover.Core.Operations;

/// <summary>
/// Rebuilds a member as a streaming standby of the current primary (pg_rewind, else pg_basebackup). The replication
/// seam has no such call yet; this seam covers reprotect until it does.
/// </summary>
public interface IStandbyRebuild
{
    Task<RebuildResult> RebuildAsStandbyAsync(DatabaseMember member, DatabaseMember primary, Epoch epoch, CancellationToken cancellationToken);
}

public sealed record RebuildResult(bool Succeeded, bool AlreadyInState, ReplicationFailure Failure, string? Detail);
