namespace Failover.ControlPlane.Api;

/// <summary>One member as the control plane sees it; <paramref name="Lease"/> only for a member whose site runs an agent.</summary>
public sealed record MemberStatus(
    string Site, bool Reachable, string Role, string? Problem, long? LagBytes, double? ReplayLagSeconds, bool Fenced, string? Lsn, LeaseStatus? Lease = null);
