using Failover.Core.Engine;
using Failover.Core.Health;
using Failover.Core.Journal;
using Failover.Core.Replication;
using Failover.Core.Topology;
using Failover.Core.Traffic;

namespace Failover.ControlPlane.Api;

public sealed record MemberStatus(string Site, bool Reachable, string Role, string? Problem, long? LagBytes, double? ReplayLagSeconds, bool Fenced, string? Lsn);
