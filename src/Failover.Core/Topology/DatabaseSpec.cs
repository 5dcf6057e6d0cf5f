namespace Failover.Core.Topology;

public sealed record DatabaseSpec(string Name, string User, SecretReference Password, ReplicationMode Replication, RpoBudget Budget);
