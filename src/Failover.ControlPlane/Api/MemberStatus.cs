namespace Failover.ControlPlane.Api;

/// <summary>One member as the control plane sees it; <paramref name="Lease"/> only for a member whose site runs an agent.</summary>
/// <param name="LagBytes">WAL the standby has not flushed, behind the highest position known.</param>
/// <param name="ReplayLagSeconds">How long before the last evidence of the primary the standby was last caught up (0 at its position, however idle).</param>
/// <param name="Quote">On the leader, for a standby: what promoting it now would lose ("0 bytes / 0 s", "unknown, at least 4096 bytes").</param>
public sealed record MemberStatus(
    string Site, bool Reachable, string Role, string? Problem, long? LagBytes, double? ReplayLagSeconds, bool Fenced, string? Lsn, LeaseStatus? Lease = null,
    string? Quote = null);
