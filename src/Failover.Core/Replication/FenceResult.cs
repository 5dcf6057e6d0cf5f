namespace Failover.Core.Replication;

public sealed record FenceResult(bool Succeeded, bool AlreadyInState, ReplicationFailure Failure, string? Detail, int TerminatedSessions);
