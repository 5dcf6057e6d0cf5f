namespace Failover.Core.Replication;

public sealed record SwitchoverRequest(DatabaseMember Primary, DatabaseMember Target, Epoch Epoch, ulong? ExpectedSystemIdentifier, TimeSpan CatchUpTimeout);
