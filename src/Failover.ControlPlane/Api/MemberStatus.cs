namespace Failover.ControlPlane.Api;

public sealed record MemberStatus(string Site, bool Reachable, string Role, string? Problem, long? LagBytes, double? ReplayLagSeconds, bool Fenced, string? Lsn);
