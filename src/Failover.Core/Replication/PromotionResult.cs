namespace Failover.Core.Replication;

public sealed record PromotionResult(
    bool Promoted, ReplicationFailure Failure, string? Detail, int? NewTimeline, Lsn? PromotedAtLsn, long? DataLossBytes, TimeSpan Duration);
