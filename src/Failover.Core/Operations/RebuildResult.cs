using Failover.Core.Replication;

namespace Failover.Core.Operations;

public sealed record RebuildResult(bool Succeeded, bool AlreadyInState, ReplicationFailure Failure, string? Detail);
