using Failover.Core.Replication;

namespace Failover.Drills.Sandbox;

/// <summary>One drill as the sandbox sees it: whose standby to copy, and how long one call may take.</summary>
/// <param name="DrillId">The drill operation's id; the sandbox keys everything it creates by it.</param>
/// <param name="Standby">The standby to copy (never written to, never promoted).</param>
public sealed record DrillScope(string DrillId, string ServiceId, DatabaseMember Standby, TimeSpan Timeout);
