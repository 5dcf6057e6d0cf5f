namespace Failover.Core.Replication;

/// <param name="ExpectedSystemIdentifier">The cluster the service's database belongs to; a standby of another cluster is refused.</param>
/// <param name="LastKnownPrimaryLsn">The old primary's last position seen, used for the data-loss estimate; null when never seen.</param>
public sealed record PromotionRequest(DatabaseMember Standby, Epoch Epoch, ulong? ExpectedSystemIdentifier, Lsn? LastKnownPrimaryLsn, TimeSpan Timeout);
