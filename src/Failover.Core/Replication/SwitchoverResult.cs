namespace Failover.Core.Replication;

public sealed record SwitchoverResult(
    bool Completed, ReplicationFailure Failure, string? Detail, Lsn? FinalPrimaryLsn, PromotionResult? Promotion, bool OldPrimaryUnfenced, TimeSpan Duration);
