using Failover.Core;
using Failover.Core.Operations;
using Failover.Core.Replication;

namespace Failover.ControlPlane.Runtime;

/// <summary>
/// Rebuilding a member as a standby needs its data directory (pg_rewind or pg_basebackup run on its host). A control
/// plane that does not run on the member's host refuses, and the operator rebuilds by hand (see the failback runbook).
/// </summary>
public sealed class RemoteRebuildUnavailable : IStandbyRebuild
{
    public Task<RebuildResult> RebuildAsStandbyAsync(DatabaseMember member, DatabaseMember primary, Epoch epoch, CancellationToken cancellationToken) =>
        Task.FromResult(new RebuildResult(false, false, ReplicationFailure.Error,
            $"rebuilding {member} needs its data directory on this host; rebuild it by hand with pg_rewind or pg_basebackup from {primary}"));
}
